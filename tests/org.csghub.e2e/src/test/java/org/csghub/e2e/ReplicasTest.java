package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two CE server processes on one PostgreSQL database, as two replicas behind a load balancer: rate limits
 * hold across both (one shared bucket), sessions issued by one are accepted by the other, and a revocation on
 * one reaches the other within the configured cache bound.
 */
class ReplicasTest {

    static final int CACHE_SECONDS = 2;

    @TempDir
    Path tmp;

    @Test
    void limitsSessionsAndRevocationsHoldAcrossTwoServers() throws Exception {
        Path home = Path.of(System.getProperty("csghub.ce.home"));
        try (TestPostgres pg = TestPostgres.create()) {
            Map<String, String> env = new HashMap<>(Map.of("CSGHUB_DB_URL", pg.url(), "CSGHUB_DB_USER", pg.user(),
                    "CSGHUB_ADMIN_TOKEN", HubApi.OPERATOR_TOKEN, "CSGHUB_ADMIN_PASSWORD", HubApi.ROOT_PASSWORD,
                    "CSGHUB_RATE_ORGANIZATION", "10/0.2", "CSGHUB_AUTH_CACHE_SECONDS", Integer.toString(CACHE_SECONDS)));
            try (Hub first = Hub.folder(home, tmp.resolve("a"), env).start();
                    Hub second = Hub.folder(home, tmp.resolve("b"), env).start()) {
                first.awaitHealthy(Duration.ofSeconds(90));
                second.awaitHealthy(Duration.ofSeconds(90));
                HubApi a = new HubApi(first);
                HubApi b = new HubApi(second);

                String owner = a.user("replica-owner");
                // a session opened on one replica works on the other (one signing key in the database)
                assertThat(b.get("/api/v1/whoami", owner).json().path("username").asText()).isEqualTo("replica-owner");
                assertThat(a.json("POST", "/api/v1/organizations", owner, "{\"name\":\"shared\"}").status())
                        .isEqualTo(201);
                String key = a.json("POST", "/api/v1/organizations/shared/tokens", owner,
                        "{\"name\":\"ci\",\"scopes\":[\"read\"]}").json().path("secret").asText();

                // 10 at once, refilled at 0.2/s, shared: alternating replicas must not get 10 each
                long start = System.nanoTime();
                int ok = 0;
                boolean limitedOnA = false;
                boolean limitedOnB = false;
                for (int i = 0; i < 30; i++) {
                    HubApi api = i % 2 == 0 ? a : b;
                    int status = api.get("/api/v1/whoami", key).status();
                    if (status == 200) {
                        ok++;
                    } else {
                        assertThat(status).isEqualTo(429);
                        limitedOnA |= api == a;
                        limitedOnB |= api == b;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(ok).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(10 + (int) Math.ceil(seconds * 0.2) + 1);
                assertThat(limitedOnA).isTrue();
                assertThat(limitedOnB).isTrue();

                // revoking a token on A: B refuses it within the cache bound
                String token = a.token(owner, "roaming", "\"read\"", null);
                assertThat(b.get("/api/v1/whoami", token).status()).isEqualTo(200);
                long tokenId = a.get("/api/v1/user/tokens", owner).json().findValues("id").stream()
                        .mapToLong(n -> n.asLong()).max().orElseThrow();
                assertThat(a.json("DELETE", "/api/v1/user/tokens/" + tokenId, owner, null).status()).isEqualTo(204);
                assertThat(secondsUntil401(b, token)).isLessThanOrEqualTo(CACHE_SECONDS + 1.5);

                // logging out on B ends the session on A within the bound too
                assertThat(b.json("POST", "/api/v1/auth/logout", owner, null).status()).isEqualTo(204);
                assertThat(secondsUntil401(a, owner)).isLessThanOrEqualTo(CACHE_SECONDS + 1.5);
            }
        }
    }

    private static double secondsUntil401(HubApi api, String token) throws Exception {
        long start = System.nanoTime();
        while (api.get("/api/v1/whoami", token).status() != 401) {
            assertThat(System.nanoTime() - start).as("still accepted").isLessThan(Duration.ofSeconds(30).toNanos());
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
