package org.csghub.idp.casdoor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.ExternalIdentity.Membership;
import org.csghub.accounts.api.LoginFailedException;
import org.csghub.accounts.api.LoginRedirect;
import org.csghub.accounts.api.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider as plain Java, with the embedded SDK doing every call, against a local stand-in for Casdoor. */
class CasdoorIdentityProviderTest {

    private static final String CLIENT_ID = "hub-client";
    private static final String SECRET = "casdoor-secret-for-tests";
    private static final URI CALLBACK = URI.create("http://127.0.0.1:8080/api/v1/auth/casdoor/callback");

    @TempDir
    static Path keys;
    private static SigningKey appKey;
    private static SigningKey rogueKey;

    private FakeCasdoor casdoor;

    @BeforeAll
    static void keys() throws Exception {
        appKey = SigningKey.generate(keys, "app");
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rogueKey = new SigningKey(rsa.generateKeyPair().getPrivate(), null); // signs; never configured
    }

    @BeforeEach
    void casdoor() throws Exception {
        casdoor = new FakeCasdoor(CLIENT_ID, SECRET, appKey);
        casdoor.addUser("alice", "alice@example.org", "Alice Liddell", List.of("acme/ml-team", "acme/admins"));
        casdoor.addUser("bob", "bob@example.org", "Bob", List.of());
    }

    @AfterEach
    void stop() {
        casdoor.close();
    }

    @Test
    void beginSendsTheBrowserToCasdoorsAuthorizePage() throws Exception {
        LoginRedirect redirect = provider(SECRET).begin(CALLBACK);
        Map<String, String> query = FakeCasdoor.query(redirect.authorizationUri());

        assertThat(redirect.authorizationUri().toString()).startsWith(casdoor.endpoint() + "/login/oauth/authorize?");
        assertThat(query).containsEntry("client_id", CLIENT_ID).containsEntry("response_type", "code")
                .containsEntry("redirect_uri", CALLBACK.toString()).containsEntry("state", redirect.state());
        assertThat(redirect.privateState()).isEqualTo(redirect.state());
        assertThat(provider(SECRET).begin(CALLBACK).state()).isNotEqualTo(redirect.state());
    }

    @Test
    void aFullLoginYieldsThePersonAndTheirMappedGroups() throws Exception {
        CasdoorIdentityProvider provider = provider(SECRET);
        LoginRedirect redirect = provider.begin(CALLBACK);

        ExternalIdentity alice = provider.complete(CALLBACK, callback(casdoor.signIn("alice"), redirect.state()),
                redirect.privateState());

        assertThat(alice).usingRecursiveComparison().ignoringCollectionOrder().isEqualTo(new ExternalIdentity("casdoor",
                casdoor.idOf("alice"), "alice", "alice@example.org", "Alice Liddell", "https://door/img/alice.png",
                List.of(new Membership("ml-team", Role.WRITE), new Membership("acme", Role.ADMIN))));
        // the code went to Casdoor with the application's credentials, as the SDK sends them
        assertThat(FakeCasdoor.query(URI.create("/?" + casdoor.tokenEndpointQuery)))
                .containsEntry("grant_type", "authorization_code").containsEntry("client_id", CLIENT_ID);
    }

    @Test
    void aPersonWithoutGroupsGetsNoMemberships() throws Exception {
        CasdoorIdentityProvider provider = provider(SECRET);
        LoginRedirect redirect = provider.begin(CALLBACK);
        ExternalIdentity bob = provider.complete(CALLBACK, callback(casdoor.signIn("bob"), redirect.state()), redirect.privateState());
        assertThat(bob.username()).isEqualTo("bob");
        assertThat(bob.memberships()).isEmpty();
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() {
        CasdoorIdentityProvider provider = provider(SECRET);
        LoginRedirect redirect = provider.begin(CALLBACK);
        Map<String, String> callback = callback(casdoor.signIn("alice"), provider.begin(CALLBACK).state());
        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, redirect.privateState()))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("could not be matched");
    }

    @Test
    void aReplayedCodeIsRefused() throws Exception {
        CasdoorIdentityProvider provider = provider(SECRET);
        LoginRedirect redirect = provider.begin(CALLBACK);
        Map<String, String> callback = callback(casdoor.signIn("alice"), redirect.state());
        provider.complete(CALLBACK, callback, redirect.privateState());

        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, redirect.privateState()))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("refused the sign-in")
                .hasMessageNotContaining(callback.get("code"));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        casdoor.signingKey = rogueKey;
        assertRefused(provider(SECRET), "alice", "not valid");
    }

    @Test
    void anExpiredTokenIsRefused() {
        casdoor.expiry = Instant.now().minusSeconds(300);
        assertRefused(provider(SECRET), "alice", "not valid");
    }

    @Test
    void aTokenForAnotherApplicationIsRefused() {
        casdoor.audience = "some-other-app";
        assertRefused(provider(SECRET), "alice", "not valid");
    }

    @Test
    void aWrongClientSecretIsRefusedWithoutRepeatingIt() {
        assertRefused(provider("not-the-secret"), "alice", "refused the sign-in");
        LoginFailedException refused = refusal(provider("not-the-secret"), "alice");
        assertThat(refused.getMessage()).doesNotContain("not-the-secret");
        assertThat(refused.getCause()).isNull();
    }

    @Test
    void aForbiddenAccountIsRefused() {
        casdoor.forbid("alice");
        assertRefused(provider(SECRET), "alice", "does not allow this account");
    }

    @Test
    void aGetUserErrorIsRefused() {
        casdoor.getUserFails = true;
        assertRefused(provider(SECRET), "alice", "could not confirm the account");
    }

    @Test
    void anUnreachableCasdoorFailsClearly() {
        CasdoorIdentityProvider provider = provider(SECRET);
        LoginRedirect redirect = provider.begin(CALLBACK);
        Map<String, String> callback = callback(casdoor.signIn("alice"), redirect.state());
        casdoor.close();
        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, redirect.privateState()))
                .isInstanceOf(LoginFailedException.class).hasMessage("Casdoor cannot be reached right now");
    }

    @Test
    void anErrorFromCasdoorIsReportedWithoutItsDescription() {
        CasdoorIdentityProvider provider = provider(SECRET);
        LoginRedirect redirect = provider.begin(CALLBACK);
        Map<String, String> callback = Map.of("error", "access_denied", "error_description", "<b>no</b>", "state", redirect.state());
        assertThatThrownBy(() -> provider.complete(CALLBACK, callback, redirect.privateState()))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("access_denied").hasMessageNotContaining("<b>");
    }

    @Test
    void aBadIdOrGroupMappingFailsActivation() {
        assertThatThrownBy(() -> provider(SECRET, Map.of("id", "Not Valid")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider(SECRET, Map.of("groupMapping", new String[] {"ml-team=ml-team"})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertRefused(CasdoorIdentityProvider provider, String user, String message) {
        assertThat(refusal(provider, user)).hasMessageContaining(message);
    }

    private LoginFailedException refusal(CasdoorIdentityProvider provider, String user) {
        LoginRedirect redirect = provider.begin(CALLBACK);
        Map<String, String> callback = callback(casdoor.signIn(user), redirect.state());
        try {
            provider.complete(CALLBACK, callback, redirect.privateState());
        } catch (LoginFailedException e) {
            return e;
        }
        throw new AssertionError("the login was not refused");
    }

    private static Map<String, String> callback(String code, String state) {
        return Map.of("code", code, "state", state);
    }

    private CasdoorIdentityProvider provider(String secret) {
        return provider(secret, Map.of());
    }

    private CasdoorIdentityProvider provider(String secret, Map<String, Object> more) {
        try {
            Map<String, Object> config = new HashMap<>(Map.of("id", "casdoor", "displayName", "Casdoor",
                    "endpoint", casdoor.endpoint() + "/", "clientId", CLIENT_ID, ".clientSecret", secret,
                    "certificate", appKey.certificatePem(), "organizationName", FakeCasdoor.ORG,
                    "applicationName", "hub", "groupMapping", new String[] {"ml-team=ml-team:write", "acme/admins=acme:admin"}));
            config.putAll(more);
            return new CasdoorIdentityProvider(Annotations.config(CasdoorConfig.class, config));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
