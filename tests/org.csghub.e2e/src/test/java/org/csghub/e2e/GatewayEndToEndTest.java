package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csghub.testing.gguf.TinyGguf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI-compatible gateway on Lite in front of a real llama.cpp endpoint (a generated GGUF model), driven by
 * the unmodified {@code openai} npm package ({@code src/test/node/openai/openai.mjs}): the model list of a key, a
 * chat completion, streams with and without {@code stream_options.include_usage}, a legacy completion, another
 * user's key that does not see the private model, a wrong key; then the usage rows against what the client saw,
 * and the refusals in OpenAI's error format over plain HTTP.
 *
 * <p>Needs Node.js (18 or later) and npm on the PATH; the client comes from the npm registry through
 * {@code npm ci} and the committed package-lock.json, once, into the node directory's node_modules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayEndToEndTest {

    static final Path NODE_DIR = Path.of("src", "test", "node", "openai").toAbsolutePath();
    private static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    Hub hub;
    HubApi api;
    String session;
    String token;
    final HttpClient http = HttpClient.newHttpClient();

    record Run(int exit, String stdout, String stderr) {
        String both() {
            return "--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    Path dataDir() {
        return tmp.resolve("lite");
    }

    @BeforeAll
    void start() throws Exception {
        installClient();
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
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dataDir().toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void theOpenAiClientUsesAPrivateEndpointThroughTheGatewayAndEveryCallIsMetered() throws Exception {
        long endpoint = deploy();
        String aliceKey = api.token(session, "gateway", "\"inference\"", null);
        String bobSession = api.user("bob");
        String bobKey = api.token(bobSession, "gateway", "\"inference\"", null);

        Run run = node(aliceKey, bobKey, "alice/tiny");
        assertThat(run.exit()).as(run.both()).isZero();
        JsonNode seen = JSON.readTree(run.stdout());

        // the key's models: the private endpoint of its owner
        assertThat(seen.path("models").toString()).contains("\"id\":\"alice/tiny\"").contains("\"owned_by\":\"alice\"");
        assertThat(seen.path("model").asText()).isEqualTo("alice/tiny");

        JsonNode chat = seen.path("chat");
        assertThat(chat.path("object").asText()).isEqualTo("chat.completion");
        assertThat(chat.path("role").asText()).isEqualTo("assistant");
        assertUsage(chat.path("usage"), 8);

        // streamed without include_usage: content chunks only, no usage chunk and no usage field
        JsonNode plain = seen.path("streamNoUsage");
        assertThat(plain.path("chunks").asInt()).isPositive();
        assertThat(plain.path("objects").toString()).isEqualTo("[\"chat.completion.chunk\"]");
        assertThat(plain.path("usageChunks").asInt()).isZero();
        assertThat(plain.path("usage").isNull()).isTrue();
        assertThat(plain.path("usageFieldInContentChunks").asBoolean()).isFalse();
        assertThat(plain.path("finishReason").asText()).isIn("stop", "length");

        // streamed with include_usage: exactly one usage chunk, last
        JsonNode counted = seen.path("streamUsage");
        assertThat(counted.path("usageChunks").asInt()).isEqualTo(1);
        assertUsage(counted.path("usage"), 8);
        assertThat(counted.path("content").asText()).isEqualTo(plain.path("content").asText()); // temperature 0

        JsonNode completion = seen.path("completion");
        assertThat(completion.path("object").asText()).isEqualTo("text_completion");
        assertUsage(completion.path("usage"), 6);

        assertThat(seen.path("unknownModel").path("status").asInt()).isEqualTo(404);
        assertThat(seen.path("unknownModel").path("code").asText()).isEqualTo("model_not_found");

        // bob's key: the private model is not his to list or call
        assertThat(seen.path("otherModels").toString()).doesNotContain("alice/tiny");
        assertThat(seen.path("otherChat").path("status").asInt()).isEqualTo(404);
        assertThat(seen.path("otherChat").path("code").asText()).isEqualTo("model_not_found");
        assertThat(seen.path("otherStream").path("status").asInt()).isEqualTo(404);
        assertThat(seen.path("wrongKey").path("status").asInt()).isEqualTo(401);

        // metering: alice's rows for the model are the four calls, newest first, with the usage the client saw
        JsonNode usage = usage(session, "?model=alice/tiny", 4);
        JsonNode rows = usage.path("rows");
        assertThat(rows).hasSize(4);
        assertRow(rows.get(0), endpoint, false, completion.path("usage"));
        assertRow(rows.get(1), endpoint, true, counted.path("usage"));
        // the stream whose client did not ask for usage is metered all the same (the gateway asked the engine)
        assertThat(rows.get(2).path("stream").asBoolean()).isTrue();
        assertThat(rows.get(2).path("status").asInt()).isEqualTo(200);
        assertThat(rows.get(2).path("promptTokens").asInt()).isEqualTo(counted.path("usage").path("prompt_tokens")
                .asInt());
        assertThat(rows.get(2).path("completionTokens").asInt()).isEqualTo(counted.path("usage")
                .path("completion_tokens").asInt());
        assertRow(rows.get(3), endpoint, false, chat.path("usage"));
        JsonNode totals = usage.path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(4);
        long prompt = 0;
        long total = 0;
        for (JsonNode row : rows) {
            prompt += row.path("promptTokens").asLong();
            total += row.path("totalTokens").asLong();
        }
        assertThat(totals.path("promptTokens").asLong()).isEqualTo(prompt);
        assertThat(totals.path("totalTokens").asLong()).isEqualTo(total);
        // the refused calls are metered too, for their callers: alice's unknown model, bob's two 404s
        JsonNode unknown = usage(session, "?model=nobody/nothing", 1).path("rows").get(0);
        assertThat(unknown.path("status").asInt()).isEqualTo(404);
        assertThat(unknown.path("endpointId").isNull()).isTrue();
        JsonNode bobs = usage(bobSession, "", 2);
        assertThat(bobs.path("totals").path("requests").asLong()).isEqualTo(2);
        assertThat(bobs.path("rows").toString()).doesNotContain("\"status\":200");
        // site admins see everyone's
        assertThat(usage(api.rootToken(), "", 7).path("totals").path("requests").asLong()).isGreaterThanOrEqualTo(7);

        refusals(aliceKey);
        rawStream(aliceKey);

        // made public, the endpoint is open to every inference key
        String path = "/api/v1/models/alice/tiny/run/" + endpoint;
        assertThat(ok(api.json("PUT", path, token, "{\"visibility\":\"public\"}")).path("visibility").asText())
                .isEqualTo("public");
        HttpResponse<String> bobModels = get("/v1/models", bobKey);
        assertThat(bobModels.statusCode()).as(bobModels.body()).isEqualTo(200);
        assertThat(JSON.readTree(bobModels.body()).path("data").toString()).contains("\"id\":\"alice/tiny\"");
        HttpResponse<String> bobChat = post("/v1/chat/completions", bobKey, "{\"model\":\"alice/tiny\","
                + "\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(bobChat.statusCode()).as(bobChat.body()).isEqualTo(200);
        assertThat(bobChat.headers().firstValue("X-Request-Id")).isPresent();
        // a random-weight model may end its answer at once: completion tokens 0..4, the prompt always counted
        assertThat(JSON.readTree(bobChat.body()).path("usage").path("completion_tokens").asInt()).isBetween(0, 4);
        assertThat(JSON.readTree(bobChat.body()).path("usage").path("prompt_tokens").asInt()).isPositive();

        // scale to zero: idle, it sleeps but stays listed; the next call wakes it, waits for it and is answered
        ok(api.json("PUT", path, token, "{\"sleepAfterSeconds\":10}"));
        awaitState(path, "Sleeping");
        assertThat(JSON.readTree(get("/v1/models", aliceKey).body()).path("data").toString())
                .contains("\"id\":\"alice/tiny\"");
        HttpResponse<String> woken = post("/v1/chat/completions", aliceKey, "{\"model\":\"alice/tiny\","
                + "\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"wake up\"}]}");
        assertThat(woken.statusCode()).as(woken.body()).isEqualTo(200);
        assertThat(JSON.readTree(woken.body()).path("usage").path("completion_tokens").asInt()).isBetween(0, 4);
        assertThat(JSON.readTree(woken.body()).path("usage").path("prompt_tokens").asInt()).isPositive();
        assertThat(ok(api.json("PUT", path, token, "{\"sleepAfterSeconds\":0}")).path("state").asText())
                .isEqualTo("Running");
        assertThat(ok(api.get(path + "/events", token)).toString()).contains("\"state\":\"Sleeping\"",
                "\"state\":\"Waking\"");

        // stopped, it is gone from the gateway
        ok(api.json("PUT", path + "/stop", token, null));
        assertThat(JSON.readTree(get("/v1/models", aliceKey).body()).path("data").toString())
                .doesNotContain("alice/tiny");
        assertOpenAiError(post("/v1/chat/completions", aliceKey, "{\"model\":\"alice/tiny\",\"messages\":[]}"), 404,
                "invalid_request_error");
    }

    private void awaitState(String path, String state) throws Exception {
        JsonNode last = null;
        for (long deadline = System.nanoTime() + READY.toNanos(); System.nanoTime() < deadline; Thread.sleep(250)) {
            last = ok(api.get(path, token));
            if (last.path("state").asText().equals(state)) {
                return;
            }
        }
        throw new AssertionError("not " + state + " within " + READY + ": " + last);
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the client may get wrong, answered in OpenAI's error format. */
    private void refusals(String key) throws Exception {
        assertOpenAiError(post("/v1/chat/completions", null, "{}"), 401, "authentication_error");
        assertOpenAiError(post("/v1/chat/completions", token, "{\"model\":\"alice/tiny\"}"), 401,
                "authentication_error"); // a write token is no inference key
        assertOpenAiError(post("/v1/chat/completions", key, "not json"), 400, "invalid_request_error");
        HttpResponse<String> noModel = post("/v1/chat/completions", key, "{\"messages\":[]}");
        assertOpenAiError(noModel, 400, "invalid_request_error");
        assertThat(JSON.readTree(noModel.body()).path("error").path("param").asText()).isEqualTo("model");
        assertOpenAiError(post("/v1/chat/completions", key, "{\"model\":\"alice/tiny\",\"stream\":\"yes\"}"), 400,
                "invalid_request_error");
        assertOpenAiError(post("/v1/embeddings", key, "{\"model\":\"alice/tiny\",\"input\":\"x\"}"), 404,
                "invalid_request_error");
        // the engine's own refusal comes through with its status, in the same shape
        assertOpenAiError(post("/v1/chat/completions", key, "{\"model\":\"alice/tiny\",\"n\":3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "invalid_request_error");
    }

    /** The wire format of a stream without include_usage: events with no usage at all, ending with [DONE]. */
    private void rawStream(String key) throws Exception {
        HttpResponse<String> reply = post("/v1/chat/completions", key, "{\"model\":\"alice/tiny\",\"max_tokens\":4,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(reply.body()).startsWith("data: {").contains("chat.completion.chunk").doesNotContain("usage")
                .endsWith("data: [DONE]\n\n");
    }

    private long deploy() throws Exception {
        Path gguf = TinyGguf.write(tmp.resolve("tiny.gguf"), 11L);
        assertThat(api.json("POST", "/api/v1/models", token,
                "{\"namespace\":\"alice\",\"name\":\"tiny\",\"visibility\":\"private\"}").status()).isEqualTo(201);
        Hub.Reply uploaded = hub.send("PUT", "/api/v1/models/alice/tiny/files/tiny.gguf",
                HttpRequest.BodyPublishers.ofFile(gguf), "Authorization", "Bearer " + token);
        assertThat(uploaded.status()).as(uploaded.body()).isIn(200, 201);
        long resource = ok(api.get("/api/v1/resources?type=deployment", token)).get(0).path("id").asLong();
        Hub.Reply created = api.json("POST", "/api/v1/models/alice/tiny/run", token,
                "{\"engine\":\"llama-cpp\",\"resourceId\":" + resource + ",\"engineArgs\":{\"ctx-size\":\"256\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        String run = "/api/v1/models/alice/tiny/run/" + id;
        long deadline = System.nanoTime() + READY.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = ok(api.get(run, token));
            if (last.path("state").asText().equals("Running")) {
                assertThat(last.path("visibility").asText()).isEqualTo("private");
                return id;
            }
            assertThat(last.path("state").asText()).as("endpoint failed: " + last).isNotIn("DeployFailed");
            Thread.sleep(250);
        }
        throw new AssertionError("not Running within " + READY + ": " + last + "\n" + hub.logTail());
    }

    private static void assertUsage(JsonNode usage, int maxCompletion) {
        assertThat(usage.path("prompt_tokens").asInt()).as(usage.toString()).isPositive();
        assertThat(usage.path("completion_tokens").asInt()).as(usage.toString()).isBetween(0, maxCompletion);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(usage.path("prompt_tokens").asInt()
                + usage.path("completion_tokens").asInt());
    }

    private static void assertRow(JsonNode row, long endpoint, boolean stream, JsonNode clientUsage) {
        assertThat(row.path("status").asInt()).as(row.toString()).isEqualTo(200);
        assertThat(row.path("stream").asBoolean()).as(row.toString()).isEqualTo(stream);
        assertThat(row.path("endpointId").asLong()).isEqualTo(endpoint);
        assertThat(row.path("tokenId").isNumber()).as("the key's id").isTrue();
        assertThat(row.path("promptTokens").asInt()).isEqualTo(clientUsage.path("prompt_tokens").asInt());
        assertThat(row.path("completionTokens").asInt()).isEqualTo(clientUsage.path("completion_tokens").asInt());
        assertThat(row.path("totalTokens").asInt()).isEqualTo(clientUsage.path("total_tokens").asInt());
        assertThat(row.path("ttftMs").asLong()).isBetween(0L, row.path("latencyMs").asLong());
    }

    /**
     * The usage API, waited on until it holds {@code atLeast} rows and none of them is still {@code open} (a row is
     * opened at admission and completed just after its response ends).
     */
    private JsonNode usage(String bearer, String query, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode usage;
        do {
            usage = ok(api.get("/api/v1/gateway/usage" + query, bearer));
            if (usage.path("totals").path("requests").asLong() >= atLeast
                    && usage.path("totals").path("open").asLong() == 0) {
                return usage;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return usage;
    }

    private HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertOpenAiError(HttpResponse<String> reply, int status, String type) throws IOException {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = JSON.readTree(reply.body()).path("error");
        assertThat(error.path("message").asText()).as(reply.body()).isNotBlank();
        assertThat(error.path("type").asText()).as(reply.body()).isEqualTo(type);
        assertThat(error.has("param") && error.has("code")).as(reply.body()).isTrue();
    }

    private JsonNode ok(Hub.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isBetween(200, 299);
        return reply.json();
    }

    /** Runs openai.mjs against this hub's gateway. */
    private Run node(String key, String otherKey, String model) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_BASE_URL", hub.baseUrl() + "/v1");
        env.put("OPENAI_API_KEY", key);
        env.put("OTHER_KEY", otherKey);
        env.put("MODEL", model);
        return run(List.of("node", "openai.mjs"), env, "node-openai-" + System.nanoTime(), Duration.ofMinutes(5));
    }

    /** {@code npm ci} when node_modules is missing or holds another version of openai than package.json pins. */
    static synchronized void installClient() throws Exception {
        Run version;
        try {
            version = run(List.of("node", "--version"), Map.of(), "node-version", Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new AssertionError("Node.js is not on the PATH: GatewayEndToEndTest needs node (18 or later) and "
                    + "npm to run the openai client (.ci/run installs them)", e);
        }
        Matcher major = Pattern.compile("v(\\d+)\\.").matcher(version.stdout());
        assertThat(major.find() && Integer.parseInt(major.group(1)) >= 18)
                .as("node 18 or later is needed, found " + version.stdout().trim()).isTrue();
        String pinned = JSON.readTree(NODE_DIR.resolve("package.json").toFile()).path("dependencies")
                .path("openai").asText();
        assertThat(pinned).isEqualTo("6.49.0");
        Path installed = NODE_DIR.resolve("node_modules/openai/package.json");
        if (Files.isRegularFile(installed) && JSON.readTree(installed.toFile()).path("version").asText()
                .equals(pinned)) {
            return;
        }
        Run ci;
        try {
            ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of("npm_config_update_notifier", "false"),
                    "npm-ci-openai", Duration.ofMinutes(5));
        } catch (IOException e) {
            throw new AssertionError("npm is not on the PATH: GatewayEndToEndTest installs openai with npm ci "
                    + "(.ci/run installs node and npm)", e);
        }
        assertThat(ci.exit()).as("npm ci in " + NODE_DIR + "\n" + ci.both()).isZero();
        assertThat(installed).as("npm ci left no openai").isRegularFile();
    }

    private static Run run(List<String> command, Map<String, String> env, String name, Duration timeout)
            throws IOException, InterruptedException {
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\n"
                    + new Run(-1, Files.readString(out), Files.readString(err)).both());
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
