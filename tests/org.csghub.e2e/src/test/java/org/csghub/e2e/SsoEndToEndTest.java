package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.csghub.testing.keycloak.BrowserLogin;
import org.csghub.testing.keycloak.KeycloakAdmin;
import org.csghub.testing.keycloak.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on through a real OpenID Connect provider (Keycloak), on a running Lite server that does not ship
 * the OIDC plugin: installing the idp.oidc bundle at runtime adds the login option, a person logs in through
 * Keycloak's login form, the hub creates their account just in time and maps their Keycloak group to an
 * organization role; removing the bundle removes the option again.
 */
class SsoEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void oidcLoginThroughAHotInstalledProvider() throws Exception {
        KeycloakServer keycloak = KeycloakServer.shared();
        String realm = "hub" + UUID.randomUUID().toString().substring(0, 8);
        String clientSecret = "kc-secret-" + UUID.randomUUID();
        KeycloakAdmin admin = keycloak.admin();
        admin.createRealm(realm);
        admin.createClient(realm, "csghub", clientSecret, List.of("*"), false);
        String userId = admin.createUser(realm, "kc.alice", "alice-in-keycloak", "alice@kc.test", "Alice", "Liddell");
        admin.addToGroup(realm, userId, admin.createGroup(realm, "ml-team"));

        Path data = tmp.resolve("lite");
        try (Hub hub = Hub.lite(data, AccessMatrixTest.env()).start()) {
            hub.awaitHealthy(Duration.ofSeconds(60));
            HubApi api = new HubApi(hub);
            assertThat(providers(hub)).containsExactly("local");

            // configure the provider (as an operator would, in conf/), then hot-install the plugin
            Files.writeString(data.resolve("conf/org.csghub.idp.oidc-keycloak.cfg"), String.join("\n",
                    "id=keycloak", "displayName=Keycloak", "issuer=" + keycloak.issuer(realm), "clientId=csghub",
                    ".clientSecret=" + clientSecret, "groupMapping=ml-team=ml-team:write", ""));
            Hub.Reply installed = hub.send("POST", "/api/v1/admin/plugins",
                    BodyPublishers.ofFile(Path.of(System.getProperty("csghub.oidc.jar"))),
                    "Authorization", "Bearer " + HubApi.OPERATOR_TOKEN, "Content-Type", "application/java-archive");
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            long pluginId = installed.json().path("id").asLong();
            awaitProviders(hub, List.of("keycloak", "local"));

            // the browser leg: hub -> Keycloak login form -> back to the hub's callback
            Hub.Reply start = hub.get("/api/v1/auth/providers/keycloak/login");
            assertThat(start.status()).isEqualTo(303);
            URI authorization = URI.create(start.header("Location"));
            assertThat(authorization.toString()).startsWith(keycloak.issuer(realm).toString())
                    .contains("code_challenge_method=S256").doesNotContain(clientSecret);
            URI callback = new BrowserLogin().login(authorization, "kc.alice", "alice-in-keycloak");
            String callbackPath = callback.getRawPath() + "?" + callback.getRawQuery();
            assertThat(callbackPath).startsWith("/api/v1/auth/providers/keycloak/callback?");
            Hub.Reply session = hub.get(callbackPath);
            assertThat(session.status()).as(session.body()).isEqualTo(200);
            String access = session.json().path("accessToken").asText();

            // a user created just in time, with the group mapped to an organization role
            JsonNode me = api.get("/api/v1/whoami", access).json();
            assertThat(me.path("username").asText()).isEqualTo("kc.alice");
            assertThat(me.path("organizations").toString()).isEqualTo("[\"ml-team\"]");
            Hub.Reply members = api.get("/api/v1/organizations/ml-team/members", null);
            assertThat(members.body()).contains("\"username\":\"kc.alice\"").contains("\"role\":\"write\"");
            assertThat(api.get("/api/v1/user", access).json().path("email").asText()).isEqualTo("alice@kc.test");

            // the callback cannot be replayed, and a forged state is refused
            assertThat(hub.get(callbackPath).json().path("error").path("code").asText()).isEqualTo("invalid_state");
            assertThat(hub.get("/api/v1/auth/providers/keycloak/callback?code=x&state=forged").status()).isEqualTo(401);

            // a second login finds the same user rather than creating another
            URI again = new BrowserLogin().login(URI.create(hub.get("/api/v1/auth/providers/keycloak/login")
                    .header("Location")), "kc.alice", "alice-in-keycloak");
            String second = hub.get(again.getRawPath() + "?" + again.getRawQuery()).json().path("accessToken").asText();
            assertThat(api.get("/api/v1/whoami", second).json().path("userId").asLong())
                    .isEqualTo(me.path("userId").asLong());

            // the login is audited under the person who logged in
            Hub.Reply audit = api.get("/api/v1/admin/audit?actor=kc.alice&action=auth.login", api.rootToken());
            assertThat(audit.json().path("total").asLong()).isEqualTo(2);
            assertThat(audit.json().path("items").get(0).path("target").asText()).isEqualTo("provider/keycloak");
            Hub.Reply refused = api.get("/api/v1/admin/audit?action=auth.login&result=denied", api.rootToken());
            assertThat(refused.json().path("total").asLong()).isGreaterThanOrEqualTo(2);

            // removing the plugin removes the login option; the local login keeps working
            Hub.Reply removed = hub.send("DELETE", "/api/v1/admin/plugins/" + pluginId, BodyPublishers.noBody(),
                    "Authorization", "Bearer " + HubApi.OPERATOR_TOKEN);
            assertThat(removed.status()).isIn(200, 204);
            awaitProviders(hub, List.of("local"));
            assertThat(hub.get("/api/v1/auth/providers/keycloak/login").json().path("error").path("code").asText())
                    .isEqualTo("provider_not_found");
            assertThat(api.login("root", HubApi.ROOT_PASSWORD)).isNotEmpty();
            // the SSO user's session outlives the provider: the hub owns sessions
            assertThat(api.get("/api/v1/whoami", second).status()).isEqualTo(200);
            assertThat(hub.log()).doesNotContain(clientSecret).doesNotContain("alice-in-keycloak");
        }
    }

    private static List<String> providers(Hub hub) throws Exception {
        return hub.get("/api/v1/auth/providers").json().findValuesAsText("id");
    }

    private static void awaitProviders(Hub hub, List<String> expected) throws Exception {
        for (int i = 0; i < 300 && !providers(hub).equals(expected); i++) {
            Thread.sleep(100);
        }
        assertThat(providers(hub)).isEqualTo(expected);
    }
}
