package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.csghub.testing.gguf.TinyGguf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inference endpoint on Lite with the real llama.cpp engine (the llama-server jar over de.kherud:llama, as a
 * local process) serving a generated GGUF model: upload, deploy, Running, a completion, logs, a crash (the
 * engine killed: RuntimeError with its last log lines, then restarted), a hub restart while it runs (the
 * engine is adopted, not started twice), scale to zero (idle -> Sleeping, wakeup), stop, start, delete, and the
 * refusals on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    Hub hub;
    HubApi api;
    String session;
    String token;
    final HttpClient http = HttpClient.newHttpClient();

    Path dataDir() {
        return tmp.resolve("lite");
    }

    @BeforeAll
    void start() throws Exception {
        hub = Hub.lite(dataDir(), AccessMatrixTest.env()).start();
        hub.awaitHealthy(Duration.ofSeconds(90));
        api = new HubApi(hub);
        session = api.user("alice");
        token = api.token(session, "deploy", "\"write\"", null);
    }

    @AfterAll
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        // never leave an engine behind, whatever failed
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dataDir().toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void deploysAGgufModelAndRunsItsWholeLifecycle() throws Exception {
        Path gguf = TinyGguf.write(tmp.resolve("tiny.gguf"), 11L);
        assertThat(api.json("POST", "/api/v1/models", token,
                "{\"namespace\":\"alice\",\"name\":\"tiny\",\"visibility\":\"private\"}").status()).isEqualTo(201);
        Hub.Reply early = api.json("POST", "/api/v1/models/alice/tiny/run", token,
                "{\"engine\":\"llama-cpp\",\"resourceId\":1}");
        assertError(early, 400, "invalid_field");
        assertThat(early.body()).contains("no files");
        Hub.Reply uploaded = hub.send("PUT", "/api/v1/models/alice/tiny/files/tiny.gguf",
                HttpRequest.BodyPublishers.ofFile(gguf), "Authorization", "Bearer " + token);
        assertThat(uploaded.status()).as(uploaded.body()).isIn(200, 201);

        // the hub reads the GGUF header and offers the engines that serve it; Lite has llama.cpp, not vLLM
        JsonNode engines = ok(api.get("/api/v1/models/alice/tiny/run/engines", token));
        assertThat(engines.path("format").asText()).isEqualTo("gguf");
        assertThat(engines.path("architectures").toString()).contains("llama");
        assertThat(engines.path("engines").toString()).contains("\"name\":\"llama-cpp\",\"displayName\"")
                .contains("\"supported\":true").doesNotContain("vllm");
        JsonNode resources = ok(api.get("/api/v1/resources?type=deployment", token));
        assertThat(resources).hasSize(1);
        long resource = resources.get(0).path("id").asLong();
        assertThat(resources.get(0).path("clusterId").asText()).isEqualTo("local");
        assertThat(resources.get(0).path("computeType").asText()).isEqualTo("cpu");

        refusals(resource);

        JsonNode created = JSON.readTree(expect(api.json("POST", "/api/v1/models/alice/tiny/run", token,
                "{\"engine\":\"llama-cpp\",\"resourceId\":" + resource + ",\"engineArgs\":{\"ctx-size\":\"256\"}}"),
                201).body());
        long id = created.path("id").asLong();
        String workload = created.path("workload").asText();
        assertThat(created.path("state").asText()).isIn("Deploying", "Startup", "Running");
        assertThat(created.path("actions").toString()).contains("stop").doesNotContain("delete");
        String run = "/api/v1/models/alice/tiny/run/" + id;
        // private model, private endpoint: an outsider does not even see it
        String outsider = api.user("mallory");
        assertThat(api.get(run, outsider).status()).isEqualTo(404);
        assertThat(api.get(run, null).status()).isEqualTo(404);

        JsonNode running = await(run, "Running");
        assertThat(running.path("readyReplicas").asInt()).isEqualTo(1);
        assertThat(running.path("model").asText()).isEqualTo("alice/tiny");
        String base = running.path("openaiBaseUrl").asText();
        assertCompletes(base, "alice/tiny");
        long firstPid = enginePid(workload);
        assertThat(ProcessHandle.of(firstPid)).isPresent();

        JsonNode logs = ok(api.get(run + "/logs?lines=200", token));
        assertThat(logs.path("lines").toString()).contains("POST /v1/chat/completions 200");
        assertThat(followLogs(run, 3)).hasSize(3);
        assertThat(ok(api.get("/api/v1/models/alice/tiny/run", token)).toString()).contains(workload);

        // changing the resource while it runs is refused; the visibility may change
        assertError(api.json("PUT", run, token, "{\"resourceId\":" + (resource + 1000) + "}"), 409, "invalid_state");
        assertThat(ok(api.json("PUT", run, token, "{\"visibility\":\"public\"}")).path("visibility").asText())
                .isEqualTo("public");

        // a crash: RuntimeError with why and the engine's last lines, then the restart policy brings it back
        ProcessHandle engine = ProcessHandle.of(firstPid).orElseThrow();
        engine.destroyForcibly();
        engine.onExit().get();
        JsonNode crash = awaitEvent(run, e -> e.path("state").asText().equals("RuntimeError"));
        assertThat(crash.path("reason").asText()).isEqualTo("ProcessExited");
        assertThat(crash.path("message").asText()).contains("exited");
        // the engine's last lines: its start-up banner or, after requests, its request log
        assertThat(crash.path("logTail")).isNotEmpty();
        assertThat(crash.path("logTail").toString()).containsAnyOf("llama-server", "/v1/chat/completions");
        await(run, "Running");
        long secondPid = enginePid(workload);
        assertThat(secondPid).isNotEqualTo(firstPid);
        assertCompletes(ok(api.get(run, token)).path("openaiBaseUrl").asText(), "alice/tiny");

        // the hub restarts while the endpoint runs: the engine is adopted, not started a second time
        assertThat(hub.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        hub.start();
        hub.awaitHealthy(Duration.ofSeconds(90));
        token = api.token(loginAfterStart("alice"), "after-restart", "\"write\"", null);
        JsonNode adopted = await(run, "Running");
        assertThat(enginePid(workload)).isEqualTo(secondPid);
        assertThat(engines(workload)).as("engine processes of " + workload).hasSize(1);
        assertCompletes(adopted.path("openaiBaseUrl").asText(), "alice/tiny");

        // scale to zero: idle for sleepAfterSeconds -> Sleeping with the engine gone; wakeup brings it back
        assertField(api.json("PUT", run, token, "{\"sleepAfterSeconds\":3}"), "sleepAfterSeconds", "10");
        assertThat(ok(api.json("PUT", run, token, "{\"sleepAfterSeconds\":10}")).path("sleepAfterSeconds").asInt())
                .isEqualTo(10);
        JsonNode asleep = await(run, "Sleeping");
        assertThat(asleep.path("reason").asText()).isEqualTo("Idle");
        assertThat(asleep.path("actions").toString()).contains("start");
        assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(engines(workload)).isEmpty();
        ok(api.json("PUT", run, token, "{\"sleepAfterSeconds\":0}"));
        ok(api.json("PUT", run + "/wakeup", token, null));
        assertCompletes(await(run, "Running").path("openaiBaseUrl").asText(), "alice/tiny");
        assertError(api.json("PUT", run + "/wakeup", token, null), 409, "invalid_state");
        long awakePid = enginePid(workload);

        // stop: Stopped, the process is gone; delete is not allowed while running, start again, stop, delete
        assertError(api.json("DELETE", run, token, null), 409, "invalid_state");
        assertThat(ok(api.json("PUT", run + "/stop", token, null)).path("actions").toString()).isNotEmpty();
        JsonNode stopped = await(run, "Stopped");
        assertThat(stopped.path("actions").toString()).contains("start").contains("delete");
        assertThat(ProcessHandle.of(awakePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(engines(workload)).isEmpty();

        ok(api.json("PUT", run + "/start", token, null));
        assertCompletes(await(run, "Running").path("openaiBaseUrl").asText(), "alice/tiny");
        ok(api.json("PUT", run + "/stop", token, null));
        await(run, "Stopped");
        assertThat(api.json("DELETE", run, token, null).status()).isEqualTo(204);
        assertThat(api.get(run, token).status()).isEqualTo(404);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.exists(dataDir().resolve("workloads").resolve(workload)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(dataDir().resolve("workloads").resolve(workload)).doesNotExist();
        assertThat(ok(api.get("/api/v1/models/alice/tiny/run", token))).isEmpty();
    }

    /**
     * Logs in once the accounts routes are back. Health answers ready before every REST resource is registered
     * (the whiteboard adds them one by one as their components activate), so this waits for the routes it uses.
     */
    private String loginAfterStart(String user) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            Hub.Reply reply = api.json("POST", "/api/v1/auth/login", null,
                    "{\"username\":\"" + user + "\",\"password\":\"" + HubApi.PASSWORD + "\"}");
            if (reply.status() == 200) {
                String session = reply.json().path("accessToken").asText();
                if (api.get("/api/v1/user/tokens", session).status() == 200
                        && api.get("/api/v1/models/alice/tiny/run", session).status() == 200) {
                    return session;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("could not log in after the restart\n" + hub.logTail());
    }

    /** Bad requests are refused with the field at fault, and nothing is created. */
    private void refusals(long resource) throws Exception {
        String path = "/api/v1/models/alice/tiny/run";
        assertThat(api.json("POST", path, null, "{\"engine\":\"llama-cpp\",\"resourceId\":1}").status())
                .isEqualTo(404);
        assertField(api.json("POST", path, token, "{\"engine\":\"vllm\",\"resourceId\":" + resource + "}"), "engine",
                "not installed");
        assertField(api.json("POST", path, token, "{\"engine\":\"llama-cpp\"}"), "resourceId", "resourceId");
        assertField(api.json("POST", path, token, "{\"engine\":\"llama-cpp\",\"resourceId\":9999}"), "resourceId",
                "9999");
        assertField(api.json("POST", path, token, "{\"engine\":\"llama-cpp\",\"resourceId\":" + resource
                + ",\"engineArgs\":{\"no-such-flag\":\"1\"}}"), "engineArgs", "no-such-flag");
        assertField(api.json("POST", path, token, "{\"engine\":\"llama-cpp\",\"resourceId\":" + resource
                + ",\"engineArgs\":{\"ctx-size\":\"lots\"}}"), "engineArgs", "ctx-size");
        assertField(api.json("POST", path, token, "{\"engine\":\"llama-cpp\",\"resourceId\":" + resource
                + ",\"minReplicas\":3,\"maxReplicas\":1}"), "maxReplicas", "replicas");
        assertError(api.json("POST", path, token, "not json"), 400, null);
        String readOnly = api.token(session, "read-only", "\"read\"", null);
        assertThat(api.json("POST", path, readOnly, "{\"engine\":\"llama-cpp\",\"resourceId\":" + resource + "}")
                .status()).isEqualTo(403);
        assertThat(ok(api.get(path, token))).isEmpty();
    }

    private void assertCompletes(String base, String model) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":8,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        // a random-weight model may end its answer at once: completion tokens 0..8, the prompt always counted
        assertThat(body.path("usage").path("completion_tokens").asInt()).isBetween(0, 8);
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isPositive();
        assertThat(body.path("model").asText()).isEqualTo(model);
    }

    /** Reads the first {@code n} {@code data:} lines of the log stream (server-sent events). */
    private List<String> followLogs(String run, int n) throws Exception {
        HttpResponse<java.io.InputStream> reply = http.send(HttpRequest.newBuilder(
                        URI.create(hub.baseUrl() + run + "/logs?lines=" + n))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(reply.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null && lines.size() < n; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    lines.add(line.substring(6));
                }
            }
        }
        return lines;
    }

    private JsonNode await(String run, String state) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = ok(api.get(run, token));
            if (last.path("state").asText().equals(state)) {
                return last;
            }
            assertThat(last.path("state").asText()).as("endpoint failed: " + last).isNotIn("DeployFailed");
            Thread.sleep(250);
        }
        throw new AssertionError("not " + state + " within " + READY + ": " + last + "\n" + hub.logTail());
    }

    private JsonNode awaitEvent(String run, Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        JsonNode events = null;
        while (System.nanoTime() < deadline) {
            events = ok(api.get(run + "/events", token));
            for (JsonNode event : events) {
                if (match.test(event)) {
                    return event;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no such event within " + READY + ": " + events);
    }

    /** The engine's pid as the local runtime recorded it for adoption. */
    private long enginePid(String workload) throws Exception {
        Path state = dataDir().resolve("workloads").resolve(workload).resolve("state.json");
        return JSON.readTree(Files.readString(state)).path("pid").asLong();
    }

    private List<ProcessHandle> engines(String workload) {
        String dir = dataDir().resolve("workloads").resolve(workload).toString();
        return ProcessHandle.allProcesses().filter(p -> p.isAlive()
                && p.info().commandLine().orElse("").contains(dir)).toList();
    }

    private JsonNode ok(Hub.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isBetween(200, 299);
        return reply.json();
    }

    private static Hub.Reply expect(Hub.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        return reply;
    }

    private static void assertField(Hub.Reply reply, String field, String mentions) {
        assertError(reply, 400, "invalid_field");
        assertThat(reply.json().path("error").path("details").path("field").asText()).isEqualTo(field);
        assertThat(reply.json().path("error").path("message").asText()).contains(mentions);
    }

    private static void assertError(Hub.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        if (code != null) {
            assertThat(reply.json().path("error").path("code").asText()).isEqualTo(code);
        }
        assertThat(reply.json().path("error").path("message").asText()).isNotBlank();
    }
}
