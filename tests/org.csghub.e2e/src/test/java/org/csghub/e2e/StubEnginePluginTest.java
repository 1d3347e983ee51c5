package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor's engine bundle, built against the compute API alone (the stub engine fixture: an OpenAI server that
 * answers at once, run as a local process), dropped into a running Lite: it is listed, offered for a model it
 * serves, selected for an endpoint that runs and answers. Its jar deleted, the running endpoint says its engine is
 * gone and keeps serving; stopped, it cannot start again (DeployFailed, EngineMissing) until the jar is back.
 */
class StubEnginePluginTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void aVendorEngineComesServesAndGoes() throws Exception {
        Path data = tmp.resolve("lite");
        Path jar = Path.of(System.getProperty("csghub.stubengine.jar"));
        try (Hub hub = Hub.lite(data, AccessMatrixTest.env()).start()) {
            hub.awaitHealthy(Duration.ofSeconds(90));
            HubApi api = new HubApi(hub);
            String token = api.token(api.user("carol"), "deploy", "\"write\"", null);
            assertThat(api.get("/api/v1/engines/stub-openai", token).status()).isEqualTo(404);

            Path deployed = data.resolve("deploy").resolve("stub-engine.jar");
            Files.createDirectories(deployed.getParent());
            Files.copy(jar, deployed);
            RepoTypePluginTest.awaitStatus(hub, "/api/v1/engines/stub-openai", 200);
            assertThat(api.get("/api/v1/engines/stub-openai", token).body()).contains("\"threads\"", "\"int\"");

            assertThat(api.json("POST", "/api/v1/models", token, "{\"namespace\":\"carol\",\"name\":\"echo\"}")
                    .status()).isEqualTo(201);
            byte[] headerOnlyGguf = new byte[24]; // "GGUF", version 3, no tensors, no metadata
            System.arraycopy("GGUF".getBytes(), 0, headerOnlyGguf, 0, 4);
            headerOnlyGguf[4] = 3;
            Hub.Reply uploaded = hub.send("PUT", "/api/v1/models/carol/echo/files/model.gguf",
                    HttpRequest.BodyPublishers.ofByteArray(headerOnlyGguf), "Authorization", "Bearer " + token);
            assertThat(uploaded.status()).as(uploaded.body()).isIn(200, 201);
            assertThat(api.get("/api/v1/models/carol/echo/run/engines", token).body())
                    .contains("{\"name\":\"stub-openai\",\"displayName\":\"Stub OpenAI engine\",\"supported\":true}");

            Hub.Reply created = api.json("POST", "/api/v1/models/carol/echo/run", token,
                    "{\"engine\":\"stub-openai\",\"resourceId\":1,\"engineArgs\":{\"threads\":\"4\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String run = "/api/v1/models/carol/echo/run/" + created.json().path("id").asLong();
            JsonNode running = await(api, token, run, e -> e.path("state").asText().equals("Running"));
            String base = running.path("openaiBaseUrl").asText();
            assertThat(complete(base)).contains("Hello from the stub");

            // the vendor's jar goes: the engine leaves the list; the running endpoint says so and keeps serving
            Files.delete(deployed);
            RepoTypePluginTest.awaitStatus(hub, "/api/v1/engines/stub-openai", 404);
            JsonNode orphaned = await(api, token, run, e -> e.path("reason").asText().equals("EngineMissing"));
            assertThat(orphaned.path("state").asText()).isEqualTo("Running");
            assertThat(orphaned.path("message").asText()).contains("stub-openai", "not installed");
            assertThat(complete(base)).contains("Hello from the stub");
            assertThat(api.json("POST", "/api/v1/models/carol/echo/run", token,
                    "{\"engine\":\"stub-openai\",\"resourceId\":1}").status()).isEqualTo(400);

            // stopped, it cannot start without its engine, and says why
            assertThat(api.json("PUT", run + "/stop", token, null).status()).isEqualTo(200);
            await(api, token, run, e -> e.path("state").asText().equals("Stopped"));
            assertThat(api.json("PUT", run + "/start", token, null).status()).isEqualTo(200);
            JsonNode failed = await(api, token, run, e -> e.path("state").asText().equals("DeployFailed"));
            assertThat(failed.path("reason").asText()).isEqualTo("EngineMissing");

            // the jar is back: the endpoint starts again
            Files.copy(jar, deployed);
            RepoTypePluginTest.awaitStatus(hub, "/api/v1/engines/stub-openai", 200);
            assertThat(api.json("PUT", run + "/start", token, null).status()).isEqualTo(200);
            JsonNode again = await(api, token, run, e -> e.path("state").asText().equals("Running"));
            assertThat(complete(again.path("openaiBaseUrl").asText())).contains("Hello from the stub");
            assertThat(api.json("PUT", run + "/stop", token, null).status()).isEqualTo(200);
            await(api, token, run, e -> e.path("state").asText().equals("Stopped"));
            assertThat(api.json("DELETE", run, token, null).status()).isEqualTo(204);
        }
    }

    private static String complete(String base) throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"carol/echo\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }

    private static JsonNode await(HubApi api, String token, String run,
                                  java.util.function.Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (long deadline = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < deadline; Thread.sleep(200)) {
            last = api.get(run, token).json();
            if (done.test(last)) {
                return last;
            }
        }
        throw new AssertionError("endpoint did not get there within " + WAIT + ": " + last);
    }
}
