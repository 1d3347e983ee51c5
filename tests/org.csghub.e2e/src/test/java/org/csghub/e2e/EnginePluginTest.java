package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inference engines are bundles built against the compute API alone: a CE folder without the SGLang engine bundle
 * does not list it; dropping the bundle into {@code deploy/} of the running server adds it to the engine list
 * with its argument schema, and deleting the jar takes it away again.
 */
class EnginePluginTest {

    @TempDir
    Path tmp;

    @Test
    void anEngineComesAndGoesWithItsBundle() throws Exception {
        Path home = RepoTypePluginTest.copy(Path.of(System.getProperty("csghub.ce.home")), tmp.resolve("ce"));
        Path spare = RepoTypePluginTest.takeOut(home, "org.csghub.engine.sglang-", tmp);
        Path data = tmp.resolve("data");
        try (TestPostgres pg = TestPostgres.create()) {
            try (Hub hub = Hub.folder(home, data, RepoTypePluginTest.env(pg)).start()) {
                hub.awaitHealthy(Duration.ofSeconds(60));
                RepoTypePluginTest.awaitStatus(hub, "/api/v1/engines/vllm", 200);
                Hub.Reply engines = hub.get("/api/v1/engines");
                assertThat(engines.status()).isEqualTo(200);
                assertThat(engines.body()).contains("\"name\":\"vllm\"", "\"name\":\"tgi\"", "\"name\":\"triton\"",
                        "\"name\":\"nim\"", "\"name\":\"llama-cpp\"").doesNotContain("\"name\":\"sglang\"");
                Hub.Reply vllm = hub.get("/api/v1/engines/vllm");
                assertThat(vllm.body()).as("the schema a form renders")
                        .contains("\"max-model-len\"", "\"switch\"", "\"select\"", "\"allowed\"");
                assertThat(hub.get("/api/v1/engines/sglang").status()).isEqualTo(404);

                Path deployed = data.resolve("deploy").resolve(spare.getFileName());
                Files.createDirectories(deployed.getParent());
                Files.copy(spare, deployed);
                RepoTypePluginTest.awaitStatus(hub, "/api/v1/engines/sglang", 200);
                assertThat(hub.get("/api/v1/engines").body()).contains("\"name\":\"sglang\"");

                Files.delete(deployed);
                RepoTypePluginTest.awaitStatus(hub, "/api/v1/engines/sglang", 404);
                assertThat(hub.get("/api/v1/engines").body()).doesNotContain("\"name\":\"sglang\"")
                        .contains("\"name\":\"vllm\"");
            }
        }
    }
}
