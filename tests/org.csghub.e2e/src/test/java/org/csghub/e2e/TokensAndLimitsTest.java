package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens, sessions, logins, names and rate limits on a running Lite server, over HTTP: token lifecycle (create,
 * Bearer and Basic, expiry, revocation), scope enforcement, session refresh and logout, lockout after failed
 * logins, name rules, 429 with Retry-After and recovery, and no secret in the log.
 */
class TokensAndLimitsTest {

    @TempDir
    static Path tmp;
    static Hub hub;
    static HubApi api;
    static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        hub = Hub.lite(tmp.resolve("data"), Map.of("CSGHUB_ADMIN_TOKEN", HubApi.OPERATOR_TOKEN,
                "CSGHUB_ADMIN_PASSWORD", HubApi.ROOT_PASSWORD, "CSGHUB_RATE_ORGANIZATION", "5/1",
                "CSGHUB_RATE_ANONYMOUS", "100000/10000")).start();
        hub.awaitHealthy(Duration.ofSeconds(60));
        api = new HubApi(hub);
        secrets.add(HubApi.ROOT_PASSWORD);
        secrets.add(HubApi.PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            String log = hub.log();
            for (String secret : secrets) {
                assertThat(log).as("the log must not contain a secret").doesNotContain(secret);
            }
        } finally {
            hub.close();
        }
    }

    @Test
    void tokenLifecycleWithBearerBasicExpiryAndRevocation() throws Exception {
        String session = api.user("tess");
        String read = api.token(session, "laptop", "\"read\"", null);
        secrets.add(read);
        assertThat(read).startsWith("csg_");

        JsonNode whoami = api.get("/api/v1/whoami", read).json();
        assertThat(whoami.path("username").asText()).isEqualTo("tess");
        assertThat(whoami.path("scopes").toString()).isEqualTo("[\"read\"]");
        // git and git-lfs send the token as the Basic password, with any username
        assertThat(api.getBasic("/api/v1/whoami", "tess", read).json().path("username").asText()).isEqualTo("tess");
        assertThat(api.getBasic("/api/v1/whoami", "x-token", read).status()).isEqualTo(200);

        // listed without the secret, with its last use recorded
        Thread.sleep(300);
        Hub.Reply listed = api.get("/api/v1/user/tokens", session);
        assertThat(listed.body()).doesNotContain(read);
        JsonNode token = listed.json().get(0);
        assertThat(token.path("name").asText()).isEqualTo("laptop");
        assertThat(token.path("prefix").asText()).isEqualTo(read.substring(0, 8));
        assertThat(token.path("lastUsedAt").isNull()).isFalse();

        // expiry
        String shortLived = api.token(session, "short", "\"read\"", Instant.now().plusSeconds(2).toString());
        secrets.add(shortLived);
        assertThat(api.get("/api/v1/whoami", shortLived).status()).isEqualTo(200);
        Thread.sleep(2500);
        Hub.Reply expired = api.get("/api/v1/whoami", shortLived);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("error").path("code").asText()).isEqualTo("token_expired");
        assertThat(expired.header("WWW-Authenticate")).startsWith("Bearer");

        // revocation applies at once on the replica that revoked
        Hub.Reply revoked = api.json("DELETE", "/api/v1/user/tokens/" + token.path("id").asLong(), session, null);
        assertThat(revoked.status()).isEqualTo(204);
        Hub.Reply afterRevoke = api.getBasic("/api/v1/whoami", "tess", read);
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.json().path("error").path("code").asText()).isEqualTo("token_revoked");

        // unknown and malformed credentials
        assertThat(api.get("/api/v1/whoami", "csg_not-a-real-token").json().path("error").path("code").asText())
                .isEqualTo("invalid_token");
        assertThat(hub.get("/api/v1/whoami", "Authorization", "Basic %%%").status()).isEqualTo(401);
        // others' tokens cannot be revoked: they do not exist for the caller
        String other = api.user("tess-neighbour");
        assertThat(api.json("DELETE", "/api/v1/user/tokens/" + token.path("id").asLong(), other, null).status())
                .isEqualTo(404);
    }

    @Test
    void scopesCapWhatATokenMayDo() throws Exception {
        String session = api.user("scoped");
        String read = api.token(session, "r", "\"read\"", null);
        String write = api.token(session, "w", "\"write\"", null);
        String inference = api.token(session, "i", "\"inference\"", null);
        secrets.addAll(List.of(read, write, inference));
        assertThat(api.json("POST", "/api/v1/organizations", read, "{\"name\":\"scoped-r\"}").status()).isEqualTo(403);
        assertThat(api.json("POST", "/api/v1/organizations", write, "{\"name\":\"scoped-w\"}").status()).isEqualTo(201);
        // managing tokens needs the admin scope (or a login session)
        assertThat(api.json("POST", "/api/v1/user/tokens", write, "{\"name\":\"x\",\"scopes\":[\"admin\"]}").status())
                .isEqualTo(403);
        // an inference key is for the gateway: it cannot even list the user's tokens
        assertThat(api.get("/api/v1/user/tokens", inference).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/whoami", inference).json().path("scopes").toString()).isEqualTo("[\"inference\"]");
        // bad scopes and expiry are refused with the field named
        Hub.Reply badScope = api.json("POST", "/api/v1/user/tokens", session, "{\"name\":\"x\",\"scopes\":[\"root\"]}");
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.json().path("error").path("details").path("field").asText()).isEqualTo("scopes");
        Hub.Reply past = api.json("POST", "/api/v1/user/tokens", session,
                "{\"name\":\"x\",\"scopes\":[\"read\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(400);
    }

    @Test
    void sessionsRefreshRotateAndLogoutRevokes() throws Exception {
        api.user("sally");
        Hub.Reply login = api.json("POST", "/api/v1/auth/login", null,
                "{\"username\":\"sally\",\"password\":\"" + HubApi.PASSWORD + "\"}");
        String access = login.json().path("accessToken").asText();
        String refresh = login.json().path("refreshToken").asText();
        secrets.add(refresh);
        assertThat(login.json().path("expiresIn").asLong()).isBetween(1L, 900L);

        Hub.Reply refreshed = api.json("POST", "/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + refresh + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        String access2 = refreshed.json().path("accessToken").asText();
        String refresh2 = refreshed.json().path("refreshToken").asText();
        secrets.add(refresh2);
        assertThat(refresh2).isNotEqualTo(refresh);
        // the used refresh token is spent
        assertThat(api.json("POST", "/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + refresh + "\"}").status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/whoami", access2).json().path("username").asText()).isEqualTo("sally");

        assertThat(api.json("POST", "/api/v1/auth/logout", access2, null).status()).isEqualTo(204);
        for (String token : List.of(access, access2)) {
            Hub.Reply after = api.get("/api/v1/whoami", token);
            assertThat(after.status()).isEqualTo(401);
            assertThat(after.json().path("error").path("code").asText()).isEqualTo("session_revoked");
        }
        assertThat(api.json("POST", "/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + refresh2 + "\"}")
                .json().path("error").path("code").asText()).isEqualTo("session_revoked");
        // a tampered token is refused
        String tampered = access2.substring(0, access2.length() - 3) + "abc";
        assertThat(api.get("/api/v1/whoami", tampered).status()).isEqualTo(401);
    }

    @Test
    void repeatedFailedLoginsSlowDownAndLock() throws Exception {
        api.user("guessed");
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            Hub.Reply wrong = api.json("POST", "/api/v1/auth/login", null,
                    "{\"username\":\"guessed\",\"password\":\"wrong-" + i + "-password\"}");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("wrong-" + i);
        }
        // 100 + 200 + 400 + 800 + 1600 ms of added delay
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(3000));
        Hub.Reply locked = api.json("POST", "/api/v1/auth/login", null,
                "{\"username\":\"guessed\",\"password\":\"" + HubApi.PASSWORD + "\"}");
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.json().path("error").path("message").asText()).contains("locked");
        // the same answer for a user that does not exist as for a wrong password
        Hub.Reply nobody = api.json("POST", "/api/v1/auth/login", null,
                "{\"username\":\"nobody-here\",\"password\":\"whatever-pass\"}");
        assertThat(nobody.json().path("error").path("message").asText()).isEqualTo("Invalid username or password");
    }

    @Test
    void namesFollowTheRulesAndAreUnique() throws Exception {
        for (String bad : List.of("api", "admin", "hf", "..", "a/b", "-dash", "x", "a".repeat(65), "name.git",
                "two__marks")) {
            Hub.Reply refused = api.json("POST", "/api/v1/admin/users", api.rootToken(),
                    "{\"username\":\"" + bad + "\"}");
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().path("error").path("details").path("rule").asText()).as(bad).isNotEmpty();
        }
        assertThat(api.json("POST", "/api/v1/admin/users", api.rootToken(), "{\"username\":\"dup\"}").status())
                .isEqualTo(201);
        assertThat(api.json("POST", "/api/v1/admin/users", api.rootToken(), "{\"username\":\"DUP\"}").status())
                .isEqualTo(409);
        // users and organizations share one namespace
        assertThat(api.json("POST", "/api/v1/organizations", api.rootToken(), "{\"name\":\"dup\"}").status())
                .isEqualTo(409);
        assertThat(api.json("POST", "/api/v1/admin/users", api.rootToken(),
                "{\"username\":\"weak\",\"password\":\"short\"}").json().path("error").path("code").asText())
                .isEqualTo("invalid_password");
    }

    @Test
    void theAccountsApiIsInTheOpenApiDocument() throws Exception {
        JsonNode paths = hub.get("/api/openapi.json").json().path("paths");
        for (String path : List.of("/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout",
                "/api/v1/auth/providers", "/api/v1/whoami", "/api/v1/user", "/api/v1/user/tokens",
                "/api/v1/users/{username}", "/api/v1/admin/users", "/api/v1/admin/audit",
                "/api/v1/organizations/{name}/members/{username}", "/api/v1/organizations/{name}/tokens",
                "/api/v1/collaborators/{kind}/{namespace}/{name}/{username}")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
    }

    @Test
    void rateLimitAnswers429WithRetryAfterAndRecovers() throws Exception {
        String owner = api.user("limited");
        assertThat(api.json("POST", "/api/v1/organizations", owner, "{\"name\":\"limited-org\"}").status())
                .isEqualTo(201);
        Hub.Reply key = api.json("POST", "/api/v1/organizations/limited-org/tokens", owner,
                "{\"name\":\"ci\",\"scopes\":[\"read\"]}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        String orgKey = key.json().path("secret").asText();
        secrets.add(orgKey);
        assertThat(api.get("/api/v1/whoami", orgKey).json().path("kind").asText()).isEqualTo("organization");

        // organization keys get 5 requests at once, refilled at 1/s; the whoami above took one
        int ok = 0;
        Hub.Reply limited = null;
        for (int i = 0; i < 10; i++) {
            Hub.Reply reply = api.get("/api/v1/whoami", orgKey);
            if (reply.status() == 200) {
                ok++;
            } else {
                limited = reply;
            }
        }
        assertThat(ok).isBetween(4, 6);
        assertThat(limited).isNotNull();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("error").path("code").asText()).isEqualTo("rate_limited");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 5L);
        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(api.get("/api/v1/whoami", orgKey).status()).isEqualTo(200);
        // one caller's limit is not another's
        assertThat(api.get("/api/v1/whoami", owner).status()).isEqualTo(200);
    }
}
