package org.csghub.testing.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.ExternalIdentity.Membership;
import org.csghub.accounts.api.IdentityProvider;
import org.csghub.accounts.api.LoginFailedException;
import org.csghub.accounts.api.LoginRedirect;
import org.csghub.accounts.api.Role;
import org.csghub.idp.oidc.internal.OidcConfig;
import org.csghub.idp.oidc.internal.OidcIdentityProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * org.csghub.idp.oidc's provider, as plain Java, against a real Keycloak: the whole login, and each way a
 * callback can be forged or replayed.
 */
class OidcProviderKeycloakTest {

    private static final String REALM = "hub";
    private static final String SECRET = "s3cr3t-for-tests-only";
    private static final URI CALLBACK = URI.create("http://127.0.0.1:8080/api/v1/auth/keycloak/callback");
    private static final List<String> MAPPING = List.of("ml-team=ml-team:write", "admins=acme:admin",
            "/platform/admins=platform:admin", "readers=acme:read");

    private static KeycloakServer keycloak;
    private static String aliceId;

    @BeforeAll
    static void realm() {
        keycloak = KeycloakServer.shared();
        KeycloakAdmin admin = keycloak.admin();
        admin.createRealm(REALM);
        admin.createClient(REALM, "csghub", SECRET, List.of(CALLBACK.toString()), false);
        admin.createClient(REALM, "csghub-paths", SECRET, List.of(CALLBACK.toString()), true);
        admin.createClient(REALM, "csghub-public", null, List.of(CALLBACK.toString()), false);
        aliceId = admin.createUser(REALM, "alice", "alice-pw", "alice@example.org", "Alice", "Liddell");
        admin.createUser(REALM, "bob", "bob-pw", "bob@example.org", "Bob", "Builder");
        String platform = admin.createGroup(REALM, "platform");
        admin.addToGroup(REALM, aliceId, admin.createGroup(REALM, "ml-team"));
        admin.addToGroup(REALM, aliceId, admin.createGroup(REALM, "admins"));
        admin.addToGroup(REALM, aliceId, admin.createSubGroup(REALM, platform, "admins"));
        admin.createGroup(REALM, "readers");
    }

    @Test
    void aFullLoginYieldsThePersonAndTheirMappedGroups() throws Exception {
        IdentityProvider provider = provider("csghub", SECRET, Map.of());
        LoginRedirect redirect = provider.begin(CALLBACK);

        Map<String, String> request = query(redirect.authorizationUri());
        assertThat(redirect.authorizationUri().toString()).startsWith(keycloak.issuer(REALM) + "/protocol/openid-connect/auth");
        assertThat(request).containsEntry("state", redirect.state()).containsEntry("code_challenge_method", "S256")
                .containsKeys("nonce", "code_challenge").containsEntry("client_id", "csghub");
        assertThat(request.get("scope").split(" ")).contains("openid", "profile", "email");
        assertThat(redirect.privateState()).doesNotContain(request.get("code_challenge"));

        URI back = new BrowserLogin().login(redirect.authorizationUri(), "alice", "alice-pw");
        assertThat(back.toString()).startsWith(CALLBACK.toString());
        ExternalIdentity alice = provider.complete(CALLBACK, query(back), redirect.privateState());

        // bare group names (full.path=false): "admins" is both /admins and /platform/admins
        assertThat(alice).usingRecursiveComparison().ignoringCollectionOrder().isEqualTo(new ExternalIdentity("keycloak", aliceId, "alice", "alice@example.org",
                "Alice Liddell", null, List.of(new Membership("ml-team", Role.WRITE), new Membership("acme", Role.ADMIN))));
    }

    @Test
    void fullGroupPathsTellSubgroupsApart() throws Exception {
        List<String> pathMapping = List.of("/ml-team=ml-team:write", "/platform/admins=platform:admin", "/admins=acme:read");
        ExternalIdentity alice = login(provider("csghub-paths", SECRET, Map.of("groupMapping", pathMapping.toArray(String[]::new))),
                "alice", "alice-pw");
        assertThat(alice.memberships()).containsExactlyInAnyOrder(new Membership("ml-team", Role.WRITE),
                new Membership("platform", Role.ADMIN), new Membership("acme", Role.READ));
    }

    @Test
    void aPersonWithoutMappedGroupsGetsNoMemberships() throws Exception {
        ExternalIdentity bob = login(provider("csghub", SECRET, Map.of()), "bob", "bob-pw");
        assertThat(bob.username()).isEqualTo("bob");
        assertThat(bob.memberships()).isEmpty();
    }

    @Test
    void aPublicClientAndUserinfoWork() throws Exception {
        ExternalIdentity alice = login(provider("csghub-public", null, Map.of("userInfo", true, "usernameClaim", "email")),
                "alice", "alice-pw");
        assertThat(alice.subject()).isEqualTo(aliceId);
        assertThat(alice.username()).isEqualTo("alice@example.org");
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() {
        IdentityProvider provider = provider("csghub", SECRET, Map.of());
        LoginRedirect redirect = begin(provider);
        Map<String, String> callback = query(new BrowserLogin().login(redirect.authorizationUri(), "alice", "alice-pw"));
        callback.put("state", begin(provider).state()); // a state this provider did hand out, for another login

        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, redirect.privateState()))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("could not be matched");
    }

    @Test
    void aReplayedCodeIsRefused() throws Exception {
        IdentityProvider provider = provider("csghub", SECRET, Map.of());
        LoginRedirect redirect = begin(provider);
        Map<String, String> callback = query(new BrowserLogin().login(redirect.authorizationUri(), "alice", "alice-pw"));
        assertThat(provider.complete(CALLBACK, callback, redirect.privateState()).subject()).isEqualTo(aliceId);

        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, redirect.privateState()))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("refused the sign-in")
                .hasMessageNotContaining(callback.get("code"));
    }

    @Test
    void anotherPkceVerifierIsRefusedByKeycloak() {
        IdentityProvider provider = provider("csghub", SECRET, Map.of());
        LoginRedirect redirect = begin(provider);
        Map<String, String> callback = query(new BrowserLogin().login(redirect.authorizationUri(), "alice", "alice-pw"));
        String[] parts = redirect.privateState().split("\\.");
        String otherVerifier = begin(provider).privateState().split("\\.")[2];
        String tampered = parts[0] + "." + parts[1] + "." + otherVerifier;

        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, tampered))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("refused the sign-in");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        IdentityProvider provider = provider("csghub", SECRET, Map.of());
        LoginRedirect redirect = begin(provider);
        Map<String, String> callback = query(new BrowserLogin().login(redirect.authorizationUri(), "alice", "alice-pw"));
        String[] parts = redirect.privateState().split("\\.");
        String otherNonce = parts[0] + "." + begin(provider).privateState().split("\\.")[1] + "." + parts[2];

        // the code and verifier are right, so Keycloak issues tokens: only the nonce check can catch this
        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, otherNonce))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("ID token that is not valid");
    }

    @Test
    void aWrongClientSecretIsRefusedWithoutRepeatingIt() {
        IdentityProvider provider = provider("csghub", "not-the-secret", Map.of());
        LoginRedirect redirect = begin(provider);
        Map<String, String> callback = query(new BrowserLogin().login(redirect.authorizationUri(), "alice", "alice-pw"));

        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, redirect.privateState()))
                .isInstanceOf(LoginFailedException.class).hasMessageNotContaining("not-the-secret");
    }

    @Test
    void anErrorFromTheProviderIsReportedWithoutItsDescription() {
        IdentityProvider provider = provider("csghub", SECRET, Map.of());
        LoginRedirect redirect = begin(provider);
        Map<String, String> callback = Map.of("error", "access_denied", "error_description", "<script>x</script>",
                "state", redirect.state());

        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, redirect.privateState()))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("access_denied")
                .hasMessageNotContaining("script");
    }

    @Test
    void anUnknownIssuerFailsClearly() {
        IdentityProvider nowhere = new OidcIdentityProvider(Annotations.config(OidcConfig.class, Map.of("id", "nowhere",
                "displayName", "Nowhere", "issuer", keycloak.issuer("no-such-realm").toString(), "clientId", "csghub")),
                Map.of());
        assertThatThrownBy(() -> nowhere.begin(CALLBACK))
                .isInstanceOf(LoginFailedException.class).hasMessage("Nowhere cannot be reached right now");
    }

    private static IdentityProvider provider(String clientId, String secret, Map<String, Object> more) {
        Map<String, Object> config = new HashMap<>(Map.of("id", "keycloak", "displayName", "Keycloak",
                "issuer", keycloak.issuer(REALM).toString(), "clientId", clientId,
                "groupMapping", MAPPING.toArray(String[]::new)));
        if (secret != null) {
            config.put(".clientSecret", secret);
        }
        config.putAll(more);
        return new OidcIdentityProvider(Annotations.config(OidcConfig.class, config), config);
    }

    private static ExternalIdentity login(IdentityProvider provider, String username, String password) throws LoginFailedException {
        LoginRedirect redirect = provider.begin(CALLBACK);
        URI back = new BrowserLogin().login(redirect.authorizationUri(), username, password);
        return provider.complete(CALLBACK, query(back), redirect.privateState());
    }

    private static LoginRedirect begin(IdentityProvider provider) {
        try {
            return provider.begin(CALLBACK);
        } catch (LoginFailedException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
