package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported Lite jar as a user runs it: REST basics and the plugin API over HTTP, then SIGKILL and a
 * restart on the same data directory, which must find what was written before.
 */
class LiteEndToEndTest {

    private static final String TOKEN = "e2e-admin-token-0123456789";
    private static final String[] ADMIN = {"Authorization", "Bearer " + TOKEN};

    @TempDir
    Path tmp;

    @Test
    void servesRestBasicsAndKeepsPluginsAcrossSigkill() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = Map.of("CSGHUB_ADMIN_TOKEN", TOKEN);
        long pluginId;
        try (Hub hub = Hub.lite(data, env).start()) {
            hub.awaitHealthy(Duration.ofSeconds(60));
            restBasics(hub);
            pluginId = installExamplePlugin(hub);
            badInputIsRefusedUniformly(hub);
            configurationIsAppliedLive(hub, data);
            // written through the plugin's own table in the embedded database, then SIGKILL: no clean shutdown
            Hub.Reply greeted = hub.send("POST", "/api/v1/example/greetings",
                    BodyPublishers.ofString("{\"name\":\"Lovelace\"}"), "Content-Type", "application/json");
            assertThat(greeted.status()).as(greeted.body()).isEqualTo(200);
            hub.kill();
        }
        assertThat(data.resolve("conf/org.csghub.plugins.cfg")).exists();

        try (Hub again = Hub.lite(data, env).start()) {
            again.awaitHealthy(Duration.ofSeconds(60));
            // the plugin uploaded before the SIGKILL is still installed, active, and serving its route
            Hub.Reply plugin = again.get("/api/v1/admin/plugins/" + pluginId, ADMIN);
            assertThat(plugin.status()).isEqualTo(200);
            assertThat(plugin.json().path("state").asText()).isEqualTo("active");
            assertThat(again.get("/api/v1/example/greetings?name=Ada").json().path("message").asText())
                    .contains("Ada");
            // ... and the rows committed before the SIGKILL are there
            Hub.Reply log = again.get("/api/v1/example/greetings/log");
            assertThat(log.status()).as(log.body()).isEqualTo(200);
            assertThat(log.body()).contains("Lovelace").contains("Ada");
            assertThat(again.get("/api/v1/health").json().path("checks").path("database").path("state").asText())
                    .isEqualTo("UP");

            Hub.Reply removed = again.send("DELETE", "/api/v1/admin/plugins/" + pluginId,
                    BodyPublishers.noBody(), ADMIN);
            assertThat(removed.status()).isIn(200, 204);
            awaitStatus(again, "/api/v1/example/greetings", 404);
        }
    }

    private static void restBasics(Hub hub) throws Exception {
        Hub.Reply version = hub.get("/api/v1/version");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.json().path("edition").asText()).isEqualTo("lite");
        assertThat(version.json().path("version").asText()).isNotBlank();

        Hub.Reply health = hub.get("/api/v1/health");
        assertThat(health.json().path("status").asText()).isIn("UP", "DEGRADED");
        assertThat(health.json().path("checks").has("plugins")).isTrue();
        assertThat(hub.get("/api/v1/health/live").status()).isEqualTo(200);

        // Lite's engine is llama.cpp, which also runs as a local process; the container engines are not in Lite
        Hub.Reply engines = hub.get("/api/v1/engines");
        assertThat(engines.status()).isEqualTo(200);
        assertThat(engines.json().findValuesAsText("name")).contains("llama-cpp").doesNotContain("vllm");
        assertThat(hub.get("/api/v1/engines/llama-cpp").json().path("runsLocally").asBoolean()).isTrue();
        assertUniformError(hub.get("/api/v1/engines/vllm"), 404, "not_found");

        Hub.Reply missing = hub.get("/api/v1/no-such-route");
        assertUniformError(missing, 404, "not_found");

        Hub.Reply wrongMethod = hub.send("DELETE", "/api/v1/version", BodyPublishers.noBody());
        assertUniformError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.json().path("error").path("details").path("allowed").toString()).contains("GET");

        // a caller's request id is kept, so one id can follow a request across services
        Hub.Reply traced = hub.get("/api/v1/version", "X-Request-Id", "trace-42");
        assertThat(traced.header("X-Request-Id")).isEqualTo("trace-42");

        Hub.Reply noToken = hub.get("/api/v1/admin/plugins");
        assertUniformError(noToken, 401, "unauthorized");

        // OpenAPI 3.1 from the resources installed now, with the uniform error body; Swagger UI served offline
        JsonNode api = hub.get("/api/openapi.json").json();
        assertThat(api.path("openapi").asText()).startsWith("3.1");
        assertThat(api.path("paths").has("/api/v1/version")).isTrue();
        assertThat(api.path("paths").has("/api/v1/example/greetings")).isFalse();
        assertThat(api.path("components").path("schemas").has("ApiError")).isTrue();
        Hub.Reply docs = hub.get("/api/docs");
        assertThat(docs.status()).isEqualTo(303);
        assertThat(docs.header("Location")).endsWith("/api/docs/ui/index.html");
        Hub.Reply ui = hub.get("/api/docs/ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js").contains("/api/openapi.json");
        assertThat(hub.get("/api/docs/ui/swagger-ui-bundle.js").body().length()).isGreaterThan(100_000);

        // Prometheus: per-route template counts and latency histograms, JVM metrics
        Hub.Reply metrics = hub.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/api/v1/version\"}")
                .contains("http_server_requests_seconds_bucket{")
                .contains("uri=\"UNMATCHED\"")
                .contains("jvm_memory_used_bytes{");
    }

    private static long installExamplePlugin(Hub hub) throws Exception {
        assertThat(hub.get("/api/v1/example/greetings").status()).isEqualTo(404);
        Path jar = Path.of(System.getProperty("csghub.example.jar"));
        Hub.Reply installed = hub.send("POST", "/api/v1/admin/plugins", BodyPublishers.ofFile(jar),
                "Authorization", ADMIN[1], "Content-Type", "application/java-archive");
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        JsonNode plugin = installed.json();
        assertThat(plugin.path("symbolicName").asText()).isEqualTo("org.csghub.example");
        assertThat(plugin.path("state").asText()).isEqualTo("active");

        awaitStatus(hub, "/api/v1/example/greetings?name=Grace", 200);
        // the plugin's routes are in the API document now
        assertThat(hub.get("/api/openapi.json").json().path("paths").has("/api/v1/example/greetings")).isTrue();
        Hub.Reply listed = hub.get("/api/v1/admin/plugins", ADMIN);
        assertThat(listed.body()).contains("org.csghub.example");

        Hub.Reply notABundle = hub.send("POST", "/api/v1/admin/plugins",
                BodyPublishers.ofByteArray("this is not a jar".getBytes()),
                "Authorization", ADMIN[1], "Content-Type", "application/octet-stream");
        assertThat(notABundle.status()).isBetween(400, 499);
        assertThat(notABundle.json().path("error").path("requestId").asText()).isNotBlank();
        return plugin.path("id").asLong();
    }

    private static void badInputIsRefusedUniformly(Hub hub) throws Exception {
        Hub.Reply malformed = hub.send("POST", "/api/v1/example/greetings", BodyPublishers.ofString("{\"name\": "),
                "Content-Type", "application/json");
        assertUniformError(malformed, 400, "invalid_json");

        Hub.Reply wrongType = hub.send("POST", "/api/v1/example/greetings", BodyPublishers.ofString("name=Ada"),
                "Content-Type", "application/x-www-form-urlencoded");
        assertUniformError(wrongType, 415, "unsupported_media_type");

        Hub.Reply ok = hub.send("POST", "/api/v1/example/greetings", BodyPublishers.ofString("{\"name\":\"Ada\"}"),
                "Content-Type", "application/json");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("message").asText()).contains("Ada");
    }

    /** conf/*.cfg reaches ConfigAdmin while the server runs: a smaller body limit turns a body away with 413. */
    private static void configurationIsAppliedLive(Hub hub, Path data) throws Exception {
        String body = "{\"name\":\"" + "x".repeat(40) + "\"}";
        Files.writeString(data.resolve("conf/org.csghub.rest.cfg"), "maxBodyBytes=32\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Hub.Reply tooLarge;
        do {
            Thread.sleep(200);
            tooLarge = hub.send("POST", "/api/v1/example/greetings", BodyPublishers.ofString(body),
                    "Content-Type", "application/json");
        } while (tooLarge.status() != 413 && System.nanoTime() < deadline);
        assertUniformError(tooLarge, 413, "payload_too_large");
        assertThat(tooLarge.json().path("error").path("details").path("limitBytes").asInt()).isEqualTo(32);
        // and back: removing the file restores the default limit
        Files.delete(data.resolve("conf/org.csghub.rest.cfg"));
        awaitStatusOf(hub, () -> hub.send("POST", "/api/v1/example/greetings", BodyPublishers.ofString(body),
                "Content-Type", "application/json"), 200);
    }

    @FunctionalInterface
    private interface Call {
        Hub.Reply send() throws Exception;
    }

    private static void awaitStatusOf(Hub hub, Call call, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = call.send().status();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("answered " + last + ", not " + status + "\n" + hub.logTail());
    }

    private static void assertUniformError(Hub.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("requestId").asText()).isNotBlank().isEqualTo(reply.header("X-Request-Id"));
    }

    private static void awaitStatus(Hub hub, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = hub.get(path).status();
            if (last == status) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " answered " + last + ", not " + status + "\n" + hub.logTail());
    }

}
