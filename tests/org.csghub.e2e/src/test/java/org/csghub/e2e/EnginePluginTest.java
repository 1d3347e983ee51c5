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
 * with its argument schema and it can be selected for a model it serves; deleting the jar takes it away again,
 * and the endpoint that uses it says so (DeployFailed, EngineMissing).
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
            java.util.Map<String, String> env = new java.util.HashMap<>(RepoTypePluginTest.env(pg));
            env.putAll(org.csghub.testing.s3.S3Proxy.shared().hubEnvironment());
            try (Hub hub = Hub.folder(home, data, env).start()) {
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
                String run = deploysWithSglang(hub);

                Files.delete(deployed);
                RepoTypePluginTest.awaitStatus(hub, "/api/v1/engines/sglang", 404);
                assertThat(hub.get("/api/v1/engines").body()).doesNotContain("\"name\":\"sglang\"")
                        .contains("\"name\":\"vllm\"");
                HubApi api = new HubApi(hub);
                Hub.Reply endpoint = null;
                for (int i = 0; i < 200; i++) {
                    endpoint = api.get(run, api.rootToken());
                    if (endpoint.json().path("reason").asText().equals("EngineMissing")) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(endpoint.json().path("state").asText()).as(endpoint.body()).isEqualTo("DeployFailed");
                assertThat(endpoint.json().path("reason").asText()).isEqualTo("EngineMissing");
                assertThat(endpoint.json().path("message").asText()).contains("sglang", "not installed");
            }
        }
    }

    /**
     * A GPU cluster and resource (the NVIDIA accelerator bundle places it), a model SGLang serves, and an endpoint
     * with the engine just installed. No Kubernetes runtime is configured here, so the endpoint reports that.
     */
    private static String deploysWithSglang(Hub hub) throws Exception {
        HubApi api = new HubApi(hub);
        String root = api.rootToken();
        Hub.Reply cluster = api.json("POST", "/api/v1/clusters", root,
                "{\"id\":\"gpu-east\",\"region\":\"east\",\"runtime\":\"kubernetes\"}");
        assertThat(cluster.status()).as(cluster.body()).isEqualTo(201);
        Hub.Reply resource = api.json("POST", "/api/v1/resources", root, "{\"name\":\"a10-1\",\"clusterId\":"
                + "\"gpu-east\",\"cpu\":8,\"memoryMiB\":32768,\"accelerator\":{\"name\":\"nvidia-gpu\",\"model\":"
                + "\"A10\",\"count\":1},\"pricePerHour\":1.5,\"operations\":[\"deployment\"]}");
        assertThat(resource.status()).as(resource.body()).isEqualTo(201);
        assertThat(resource.json().path("computeType").asText()).isEqualTo("gpu");
        Hub.Reply badResource = api.json("POST", "/api/v1/resources", root, "{\"name\":\"x\",\"clusterId\":"
                + "\"gpu-east\",\"cpu\":8,\"memoryMiB\":32768,\"accelerator\":{\"name\":\"no-such-chip\"}}");
        assertThat(badResource.status()).as(badResource.body()).isEqualTo(400);
        assertThat(badResource.body()).contains("no-such-chip", "not installed");

        assertThat(api.json("POST", "/api/v1/models", root, "{\"namespace\":\"root\",\"name\":\"qwen-mini\"}")
                .status()).isEqualTo(201);
        Hub.Reply config = api.json("PUT", "/api/v1/models/root/qwen-mini/files/config.json", root,
                "{\"architectures\":[\"Qwen2ForCausalLM\"],\"model_type\":\"qwen2\"}");
        assertThat(config.status()).as(config.body()).isIn(200, 201);
        Hub.Reply weights = hub.send("PUT", "/api/v1/models/root/qwen-mini/files/model.safetensors",
                java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[4096]), "Authorization",
                "Bearer " + root);
        assertThat(weights.status()).as(weights.body()).isIn(200, 201);
        Hub.Reply engines = api.get("/api/v1/models/root/qwen-mini/run/engines", root);
        assertThat(engines.body()).contains("\"format\":\"safetensors\"", "Qwen2ForCausalLM",
                "{\"name\":\"sglang\",\"displayName\":\"SGLang\",\"supported\":true}",
                "{\"name\":\"llama-cpp\",\"displayName\":\"llama.cpp\",\"supported\":false}");

        Hub.Reply created = api.json("POST", "/api/v1/models/root/qwen-mini/run", root, "{\"engine\":\"sglang\","
                + "\"resourceId\":" + resource.json().path("id").asLong() + ",\"engineArgs\":{\"tp-size\":\"1\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String run = "/api/v1/models/root/qwen-mini/run/" + created.json().path("id").asLong();
        Hub.Reply endpoint = null;
        for (int i = 0; i < 200; i++) {
            endpoint = api.get(run, root);
            if (endpoint.json().path("state").asText().equals("DeployFailed")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(endpoint.json().path("reason").asText()).as(endpoint.body()).isEqualTo("RuntimeMissing");
        assertThat(endpoint.json().path("message").asText()).contains("kubernetes");
        return run;
    }
}
