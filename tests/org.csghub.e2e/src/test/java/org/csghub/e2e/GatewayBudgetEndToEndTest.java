package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.csghub.testing.gguf.TinyGguf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key policies at the gateway on Lite in front of a real llama.cpp endpoint (a generated GGUF model): who may set a
 * policy and what it may hold, a model allow-list (the refused model is a 404 as if it did not exist), an RPM limit
 * (429 with Retry-After, answered again after the window), and a token budget under 16 concurrent requests: some
 * are refused with 429 insufficient_quota and x-should-retry false, and what the key used stays within the budget
 * plus one request's worth (the reservation is one conditional UPDATE in the database). A streamed request settles
 * to the usage the engine reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayBudgetEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOKENS = 8;
    private static final String CHAT = "{\"model\":\"alice/tiny\",\"max_tokens\":" + MAX_TOKENS
            + ",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

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
    void keyPoliciesHoldAtTheGateway() throws Exception {
        deploy();
        policyApi();
        allowList();
        requestsPerMinute();
        budgetUnderParallelLoad();
        streamedRequestSettlesToItsUsage();
    }

    /** Who may read and set a policy, and what a policy may hold. */
    private void policyApi() throws Exception {
        String key = api.token(session, "policy-key", "\"inference\"", null);
        long id = tokenId(session, "policy-key");
        String path = "/api/v1/gateway/keys/" + id + "/policy";
        assertThat(api.get(path, session).status()).isEqualTo(404); // no policy yet
        String bob = api.user("bob");
        assertThat(api.json("PUT", path, bob, "{\"rpm\":1000}").status()).as("another user's key").isEqualTo(404);
        assertThat(api.json("PUT", path, key, "{\"rpm\":1000}").status()).as("an inference-only key")
                .isEqualTo(403);
        assertThat(api.json("PUT", "/api/v1/gateway/keys/999999/policy", session, "{}").status()).isEqualTo(404);
        for (String bad : List.of("{\"rpm\":-1}", "{\"budgetTokens\":100,\"budgetPeriod\":\"week\"}",
                "{\"budgetTokens\":100}", "{\"tpm\":\"many\"}", "{\"models\":\"alice/tiny\"}", "{\"limit\":1}")) {
            Hub.Reply refused = api.json("PUT", path, session, bad);
            assertThat(refused.status()).as(bad + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.json().path("error").path("code").asText()).as(refused.body())
                    .isIn("invalid_field", "invalid_body");
        }
        JsonNode set = ok(api.json("PUT", path, session,
                "{\"budgetTokens\":5000,\"budgetPeriod\":\"month\",\"rpm\":1000,\"tpm\":100000}"));
        assertThat(set.path("budgetPeriod").asText()).isEqualTo("month");
        assertThat(set.path("window").path("usedTokens").asLong()).isZero();
        assertThat(ok(api.get(path, api.rootToken())).path("rpm").asInt()).as("site admins").isEqualTo(1000);
        assertThat(api.get(path, bob).status()).isEqualTo(404);
        assertThat(api.json("DELETE", path, session, null).status()).isEqualTo(204);
        assertThat(api.get(path, session).status()).isEqualTo(404);
    }

    private void allowList() throws Exception {
        String key = api.token(session, "allow-key", "\"inference\"", null);
        String path = "/api/v1/gateway/keys/" + tokenId(session, "allow-key") + "/policy";
        ok(api.json("PUT", path, session, "{\"models\":[\"alice/other\"]}"));
        HttpResponse<String> refused = post(key, CHAT);
        assertError(refused, 404, "model_not_found");
        assertThat(refused.body()).doesNotContain("allow");
        assertThat(get("/v1/models", key).body()).doesNotContain("alice/tiny");
        assertThat(get("/v1/models/alice%2Ftiny", key).statusCode()).isEqualTo(404);
        ok(api.json("PUT", path, session, "{\"models\":[\"alice/tiny\"]}"));
        assertThat(post(key, CHAT).statusCode()).isEqualTo(200);
        assertThat(get("/v1/models", key).body()).contains("\"id\":\"alice/tiny\"");
    }

    private void requestsPerMinute() throws Exception {
        String key = api.token(session, "rpm-key", "\"inference\"", null);
        ok(api.json("PUT", "/api/v1/gateway/keys/" + tokenId(session, "rpm-key") + "/policy", session,
                "{\"rpm\":2}"));
        // the three calls must fall into one UTC minute
        if (Instant.now().getEpochSecond() % 60 > 45) {
            Thread.sleep((61 - Instant.now().getEpochSecond() % 60) * 1000);
        }
        assertThat(post(key, CHAT).statusCode()).isEqualTo(200);
        assertThat(post(key, CHAT).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = post(key, CHAT);
        assertError(limited, 429, "rate_limit_exceeded");
        assertThat(limited.headers().firstValue("x-should-retry")).hasValue("true");
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        Thread.sleep(retryAfter * 1000 + 500);
        HttpResponse<String> again = post(key, CHAT);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    }

    private void budgetUnderParallelLoad() throws Exception {
        // what one request takes: measured through a key without a policy
        String free = api.token(session, "free-key", "\"inference\"", null);
        JsonNode usage = JSON.readTree(post(free, CHAT).body()).path("usage");
        long one = usage.path("total_tokens").asLong();
        long prompt = usage.path("prompt_tokens").asLong();
        assertThat(one).as(usage.toString()).isPositive();

        String key = api.token(session, "budget-key", "\"inference\"", null);
        long id = tokenId(session, "budget-key");
        String path = "/api/v1/gateway/keys/" + id + "/policy";
        long budget = 4 * one;
        ok(api.json("PUT", path, session, "{\"budgetTokens\":" + budget + ",\"budgetPeriod\":\"day\"}"));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(http.sendAsync(request(key, CHAT), HttpResponse.BodyHandlers.ofString()));
        }
        int answered = 0;
        int refused = 0;
        long clientSaw = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> reply = call.join();
            if (reply.statusCode() == 200) {
                answered++;
                clientSaw += JSON.readTree(reply.body()).path("usage").path("total_tokens").asLong();
            } else {
                assertError(reply, 429, "insufficient_quota");
                assertThat(reply.headers().firstValue("x-should-retry")).hasValue("false");
                refused++;
            }
        }
        assertThat(answered).as("answered").isPositive();
        assertThat(refused).as("refused").isPositive();
        long oneRequestsWorth = MAX_TOKENS + prompt;
        JsonNode window = settled(path);
        long used = window.path("usedTokens").asLong();
        assertThat(used).as("the window holds what the clients were told").isEqualTo(clientSaw);
        assertThat(used).as("used %d of a budget of %d (one request: %d)", used, budget, oneRequestsWorth)
                .isLessThanOrEqualTo(budget + oneRequestsWorth);
        // the usage rows of the key agree
        long metered = 0;
        long rows = 0;
        for (JsonNode row : ok(api.get("/api/v1/gateway/usage?model=alice/tiny&limit=1000", session)).path("rows")) {
            if (row.path("tokenId").asLong() == id) {
                metered += row.path("totalTokens").asLong();
                rows++;
            }
        }
        System.out.printf("budget under load: budget=%d one request=%d (prompt %d) answered=%d refused=%d used=%d "
                + "metered=%d%n", budget, one, prompt, answered, refused, used, metered);
        assertThat(rows).isEqualTo(16);
        assertThat(metered).isEqualTo(used);
        // the budget spent, the next call is refused as well
        if (budget - used < one) {
            assertError(post(key, CHAT), 429, "insufficient_quota");
        }
    }

    private void streamedRequestSettlesToItsUsage() throws Exception {
        String key = api.token(session, "stream-key", "\"inference\"", null);
        String path = "/api/v1/gateway/keys/" + tokenId(session, "stream-key") + "/policy";
        ok(api.json("PUT", path, session, "{\"budgetTokens\":100000,\"budgetPeriod\":\"total\",\"tpm\":100000}"));
        HttpResponse<String> reply = post(key, "{\"model\":\"alice/tiny\",\"max_tokens\":" + MAX_TOKENS
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        long total = -1;
        for (String line : reply.body().split("\n")) {
            if (line.startsWith("data: {") && line.contains("\"total_tokens\"")) {
                total = JSON.readTree(line.substring(6)).path("usage").path("total_tokens").asLong();
            }
        }
        assertThat(total).as(reply.body()).isPositive();
        assertThat(settled(path).path("usedTokens").asLong()).isEqualTo(total);
    }

    /** The policy's window once nothing is reserved any more (responses settle right after they end). */
    private JsonNode settled(String path) throws Exception {
        JsonNode window = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < deadline;
                Thread.sleep(100)) {
            window = ok(api.get(path, session)).path("window");
            if (window.path("reservedTokens").asLong() == 0) {
                return window;
            }
        }
        throw new AssertionError("reservations not released: " + window);
    }

    private long tokenId(String bearer, String name) throws Exception {
        for (JsonNode t : ok(api.get("/api/v1/user/tokens", bearer))) {
            if (t.path("name").asText().equals(name)) {
                return t.path("id").asLong();
            }
        }
        throw new AssertionError("no token " + name);
    }

    private void deploy() throws Exception {
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
        String run = "/api/v1/models/alice/tiny/run/" + created.json().path("id").asLong();
        long deadline = System.nanoTime() + READY.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = ok(api.get(run, token));
            if (last.path("state").asText().equals("Running")) {
                return;
            }
            assertThat(last.path("state").asText()).as("endpoint failed: " + last).isNotIn("DeployFailed");
            Thread.sleep(250);
        }
        throw new AssertionError("not Running within " + READY + ": " + last + "\n" + hub.logTail());
    }

    private HttpRequest request(String bearer, String body) {
        return HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> post(String bearer, String body) throws Exception {
        return http.send(request(bearer, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> reply, int status, String code) throws Exception {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(reply.body()).path("error");
        assertThat(error.path("code").asText()).as(reply.body()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    private JsonNode ok(Hub.Reply reply) {
        if (reply.status() / 100 != 2) {
            throw new AssertionError(reply.status() + " " + reply.body() + "\n" + hub.logTail());
        }
        return reply.json();
    }
}
