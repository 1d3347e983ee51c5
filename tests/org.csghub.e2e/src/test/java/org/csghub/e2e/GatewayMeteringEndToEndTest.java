package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csghub.testing.gguf.TinyGguf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable gateway metering on Lite with a real llama.cpp endpoint: completed requests show their tokens in the
 * usage aggregates and in the Prometheus metrics; then the hub is killed (SIGKILL) in the middle of a stream,
 * restarted on the same data, and the stream's usage row is there and closed (interrupted, or completed if the
 * stream happened to end first), never left open and never lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayMeteringEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "alice/tiny";

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
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dataDir().toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void usageSurvivesAKillMidStreamAndCompletedRequestsShowInTheAggregatesAndMetrics() throws Exception {
        long endpoint = deploy();
        String key = api.token(session, "gateway", "\"inference\"", null);

        // two completed requests: a plain one and a stream with usage
        HttpResponse<String> plain = post(key, "meter-plain", "{\"model\":\"" + MODEL + "\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        JsonNode plainUsage = JSON.readTree(plain.body()).path("usage");
        HttpResponse<String> streamed = post(key, "meter-stream", "{\"model\":\"" + MODEL + "\",\"max_tokens\":8,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}");
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        JsonNode streamUsage = null;
        for (String line : streamed.body().split("\n")) {
            if (line.startsWith("data: {") && line.contains("\"usage\":{")) {
                streamUsage = JSON.readTree(line.substring(6)).path("usage");
            }
        }
        assertThat(streamUsage).as(streamed.body()).isNotNull();
        long prompt = plainUsage.path("prompt_tokens").asLong() + streamUsage.path("prompt_tokens").asLong();
        long completion = plainUsage.path("completion_tokens").asLong()
                + streamUsage.path("completion_tokens").asLong();
        assertThat(completion).isPositive();

        // their rows: completed, usage from the engine; the aggregate per model holds exactly their tokens
        JsonNode rows = usage(session, "?model=" + MODEL, 2, 0).path("rows");
        assertThat(rows).hasSize(2);
        for (JsonNode row : rows) {
            assertThat(row.path("state").asText()).as(row.toString()).isEqualTo("completed");
            assertThat(row.path("usageSource").asText()).as(row.toString()).isEqualTo("engine");
            assertThat(row.path("endpointId").asLong()).isEqualTo(endpoint);
        }
        assertThat(rows.get(0).path("requestId").asText()).isEqualTo("meter-stream");
        JsonNode group = only(usage(session, "?groupBy=model", 2, 0).path("groups"));
        assertThat(group.path("model").asText()).isEqualTo(MODEL);
        assertThat(group.path("requests").asLong()).isEqualTo(2);
        assertThat(group.path("promptTokens").asLong()).isEqualTo(prompt);
        assertThat(group.path("completionTokens").asLong()).isEqualTo(completion);
        assertThat(group.path("open").asLong()).isZero();

        // the Prometheus metrics count the same
        String metrics = hub.get("/metrics").body();
        assertThat(metric(metrics, "csghub_gateway_requests_total", "model=\"" + MODEL + "\",status=\"2xx\""))
                .as(metrics).isEqualTo(2.0);
        assertThat(metric(metrics, "csghub_gateway_prompt_tokens_total", "model=\"" + MODEL + "\""))
                .isEqualTo((double) prompt);
        assertThat(metric(metrics, "csghub_gateway_completion_tokens_total", "model=\"" + MODEL + "\""))
                .isEqualTo((double) completion);
        assertThat(metric(metrics, "csghub_gateway_time_to_first_token_seconds_count", "model=\"" + MODEL + "\""))
                .isEqualTo(2.0);
        assertThat(metric(metrics, "csghub_gateway_request_duration_seconds_count", "model=\"" + MODEL + "\""))
                .isEqualTo(2.0);

        // a client that leaves after the first event: the engine's usage chunk never comes (499), so the row is
        // counted with the engine's /tokenize; if the whole stream was already through, it carries the engine's
        HttpResponse<InputStream> left = http.send(streamRequest(key, "meter-left"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(left.statusCode()).isEqualTo(200);
        try (InputStream body = left.body()) {
            assertThat(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).readLine())
                    .startsWith("data: {");
        }
        JsonNode leftRow = null;
        long wait = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < wait) {
            leftRow = byRequestId(ok(api.get("/api/v1/gateway/usage?limit=1000", session)), "meter-left");
            if (leftRow != null && leftRow.path("state").asText().equals("completed")
                    && !leftRow.path("usageSource").asText().equals("estimate")) {
                break;
            }
            Thread.sleep(200);
        }
        System.out.println("GatewayMeteringEndToEndTest: the left stream's row is " + leftRow);
        assertThat(leftRow).isNotNull();
        assertThat(leftRow.path("state").asText()).isEqualTo("completed");
        if (leftRow.path("status").asInt() == 499) {
            assertThat(leftRow.path("usageSource").asText()).as(leftRow.toString()).isEqualTo("tokenizer");
            assertThat(leftRow.path("promptTokens").asLong()).as(leftRow.toString()).isPositive();
            assertThat(leftRow.path("completionTokens").asLong()).as(leftRow.toString()).isPositive();
        } else {
            assertThat(leftRow.path("usageSource").asText()).as(leftRow.toString()).isEqualTo("engine");
        }

        // a long stream, and the hub killed as soon as its first event arrived
        HttpResponse<InputStream> live = http.send(streamRequest(key, "meter-killed"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(live.statusCode()).isEqualTo(200);
        BufferedReader events = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8));
        String first = events.readLine();
        assertThat(first).startsWith("data: {");
        hub.kill();
        try {
            events.close();
        } catch (java.io.IOException gone) {
            // the server is gone
        }

        hub = Hub.lite(dataDir(), AccessMatrixTest.env()).start();
        hub.awaitHealthy(Duration.ofSeconds(90));
        api = new HubApi(hub);
        session = api.login("alice", HubApi.PASSWORD);

        // the killed stream's row is there and, once the dead process's heartbeat is stale, closed
        JsonNode killed = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            killed = byRequestId(ok(api.get("/api/v1/gateway/usage?limit=1000", session)), "meter-killed");
            assertThat(killed).as("the killed stream's row was lost").isNotNull();
            if (!killed.path("state").asText().equals("open")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(killed.path("state").asText()).as(killed.toString()).isIn("interrupted", "completed");
        assertThat(killed.path("endpointId").asLong()).isEqualTo(endpoint);
        assertThat(killed.path("stream").asBoolean()).isTrue();
        if (killed.path("state").asText().equals("interrupted")) {
            assertThat(killed.path("usageSource").asText()).as(killed.toString()).isEqualTo("estimate");
            assertThat(killed.path("promptTokens").asLong()).as(killed.toString()).isPositive();
            assertThat(killed.path("endedAt").isNull()).as(killed.toString()).isFalse();
        } else {
            assertThat(killed.path("completionTokens").asLong()).as(killed.toString()).isPositive();
        }
        System.out.println("GatewayMeteringEndToEndTest: the killed stream's row is " + killed);

        // nothing is left open; the aggregates count all three requests, and the completed ones' tokens
        JsonNode all = usage(session, "?groupBy=model", 4, 0);
        assertThat(all.path("totals").path("open").asLong()).isZero();
        JsonNode after = only(all.path("groups"));
        assertThat(after.path("requests").asLong()).isEqualTo(4);
        assertThat(after.path("interrupted").asLong())
                .isEqualTo(killed.path("state").asText().equals("interrupted") ? 1 : 0);
        assertThat(after.path("completionTokens").asLong()).isGreaterThanOrEqualTo(completion);
        JsonNode byKey = only(usage(session, "?groupBy=key", 4, 0).path("groups"));
        assertThat(byKey.path("requests").asLong()).isEqualTo(4);
        JsonNode byDay = usage(session, "?groupBy=day", 4, 0).path("groups");
        assertThat(byDay.size()).isBetween(1, 2); // two when the test ran over midnight
        Hub.Reply unknownGroup = api.get("/api/v1/gateway/usage?groupBy=tenant", session);
        assertThat(unknownGroup.status()).as(unknownGroup.body()).isEqualTo(400);
    }

    private HttpRequest streamRequest(String key, String requestId) {
        return HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("X-Request-Id", requestId).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"max_tokens\":200,"
                        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"tell me a long story\"}]}"))
                .build();
    }

    private static JsonNode only(JsonNode array) {
        assertThat(array.size()).as(array.toString()).isEqualTo(1);
        return array.get(0);
    }

    private static JsonNode byRequestId(JsonNode usage, String requestId) {
        for (JsonNode row : usage.path("rows")) {
            if (requestId.equals(row.path("requestId").asText())) {
                return row;
            }
        }
        return null;
    }

    /** A sample's value in the Prometheus text, or -1 when it is not there. */
    private static double metric(String text, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + Pattern.quote(labels)
                + "[^}]*\\} ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** The usage API, waited on until it holds {@code atLeast} completed (not open) requests. */
    private JsonNode usage(String bearer, String query, int atLeast, int open) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode usage;
        do {
            usage = ok(api.get("/api/v1/gateway/usage" + query, bearer));
            JsonNode totals = usage.path("totals");
            if (totals.path("requests").asLong() >= atLeast && totals.path("open").asLong() <= open) {
                return usage;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return usage;
    }

    private HttpResponse<String> post(String key, String requestId, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("X-Request-Id", requestId).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
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
                return id;
            }
            assertThat(last.path("state").asText()).as("endpoint failed: " + last).isNotIn("DeployFailed");
            Thread.sleep(250);
        }
        throw new AssertionError("not Running within " + READY + ": " + last + "\n" + hub.logTail());
    }

    private JsonNode ok(Hub.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isBetween(200, 299);
        return reply.json();
    }
}
