package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CE folder started the way a container starts it: bin/csghub, no terminal, PostgreSQL from the environment,
 * stopped with SIGTERM.
 */
class FolderEditionTest {

    @TempDir
    Path tmp;

    @Test
    void ceStartsAgainstPostgresFromItsScriptAndStopsOnSigterm() throws Exception {
        Path home = Path.of(System.getProperty("csghub.ce.home"));
        try (TestPostgres pg = TestPostgres.create();
                Hub hub = Hub.folder(home, tmp.resolve("data"),
                        Map.of("CSGHUB_DB_URL", pg.url(), "CSGHUB_DB_USER", pg.user())).start()) {
            hub.awaitHealthy(Duration.ofSeconds(60));
            Hub.Reply version = hub.get("/api/v1/version");
            assertThat(version.json().path("edition").asText()).isEqualTo("ce");
            Hub.Reply health = hub.get("/api/v1/health");
            assertThat(health.json().path("checks").path("database").path("state").asText()).isEqualTo("UP");
            assertThat(health.json().path("checks").path("database").path("details").path("url").asText())
                    .startsWith("jdbc:postgresql:");
            // the operator shell is on in CE, and its closed input must not have stopped the server
            assertThat(hub.get("/api/v1/health").status()).isEqualTo(200);

            int exit = hub.terminate(Duration.ofSeconds(30));
            // 143 = terminated by SIGTERM after the shutdown hook stopped the framework
            assertThat(exit).isIn(0, 143);
            assertThat(hub.log()).doesNotContain("Exception in thread");
        }
    }
}
