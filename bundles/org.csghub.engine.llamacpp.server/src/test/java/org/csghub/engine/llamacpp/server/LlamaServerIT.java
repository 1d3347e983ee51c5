package org.csghub.engine.llamacpp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csghub.engine.llamacpp.server.ServerProcess.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.csghub.testing.gguf.TinyGguf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * target/llama-server.jar as the hub's runtime starts it: a real process on a generated tiny GGUF (random
 * weights, so the text is noise; temperature 0 makes it repeatable).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LlamaServerIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String CHAT = """
            {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hello world"}],
             "max_tokens":8,"temperature":0,"seed":1%s}""";

    private final Path work = Path.of(System.getProperty("llama.server.it.dir", "target/llama-server-it"));
    private Path model;
    private ServerProcess server;

    @BeforeAll
    void startServer() throws Exception {
        Files.createDirectories(work);
        model = TinyGguf.write(work.resolve("tiny-llama.gguf"), 1);
        server = ServerProcess.start(work, "server", "--model", model.toString(), "--port", "0",
                "--ctx-size", "256", "--threads", "2", "--seed", "1").awaitHealthy(START_TIMEOUT);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthSaysLoadingUntilTheModelIsIn() throws Exception {
        // the port opens before the model loads; loading (native library extraction included) takes some 300 ms
        // and more, against a first probe within 50 ms of the "listening" line
        assertThat(server.firstHealth().statusCode()).isEqualTo(503);
        assertThat(json(server.firstHealth()).path("status").asText()).isEqualTo("loading");
        assertThat(server.stdout()).contains("GET /health 503").contains("GET /health 200");
    }

    @Test
    void healthAndModelsNameTheFile() throws Exception {
        HttpResponse<String> health = server.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("status").asText()).isEqualTo("ok");

        JsonNode models = json(server.get("/v1/models"));
        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data")).hasSize(1);
        assertThat(models.path("data").get(0).path("id").asText()).isEqualTo("tiny-llama");
        assertThat(models.path("data").get(0).path("object").asText()).isEqualTo("model");
    }

    @Test
    void chatCompletion() throws Exception {
        HttpResponse<String> response = server.post("/v1/chat/completions", CHAT.formatted(""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode completion = json(response);
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asText()).startsWith("chatcmpl-");
        assertThat(completion.path("model").asText()).isEqualTo("tiny-llama");
        assertThat(completion.path("choices")).hasSize(1);
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").isTextual()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isIn("stop", "length");
        assertUsage(completion.path("usage"), 8);
        // greedy decoding on one model: the same request gives the same text
        assertThat(json(server.post("/v1/chat/completions", CHAT.formatted(""))).path("choices").get(0)
                .path("message").path("content").asText()).isEqualTo(choice.path("message").path("content").asText());
    }

    @Test
    void chatStreamWithUsage() throws Exception {
        HttpResponse<String> response = server.post("/v1/chat/completions",
                CHAT.formatted(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<String> events = events(response.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(events);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo(chunks.get(0).path("id").asText());
            assertThat(chunk.has("usage")).isTrue(); // null but for the last, as OpenAI sends them
        });
        assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");

        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.path("choices")).isEmpty();
        assertUsage(usageChunk.path("usage"), 8);

        List<JsonNode> choices = chunks.subList(0, chunks.size() - 1).stream()
                .map(chunk -> chunk.path("choices").get(0)).toList();
        assertThat(choices).allSatisfy(choice -> assertThat(choice.path("index").asInt()).isZero());
        assertThat(choices).filteredOn(choice -> !choice.path("delta").path("content").asText().isEmpty())
                .isNotEmpty();
        assertThat(choices.subList(0, choices.size() - 1))
                .allSatisfy(choice -> assertThat(choice.path("finish_reason").isNull()).isTrue());
        assertThat(choices.get(choices.size() - 1).path("finish_reason").asText()).isIn("stop", "length");
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isGreaterThanOrEqualTo(
                (int) choices.stream().filter(choice -> choice.path("delta").has("content")).count());

        String streamed = String.join("", choices.stream()
                .map(choice -> choice.path("delta").path("content").asText()).toList());
        String whole = json(server.post("/v1/chat/completions", CHAT.formatted(""))).path("choices").get(0)
                .path("message").path("content").asText();
        assertThat(streamed).isEqualTo(whole);
    }

    @Test
    void chatStreamWithoutUsage() throws Exception {
        HttpResponse<String> response = server.post("/v1/chat/completions", CHAT.formatted(",\"stream\":true"));

        List<String> events = events(response.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(events);
        assertThat(chunks).isNotEmpty().allSatisfy(chunk -> {
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.path("choices")).hasSize(1);
        });
        assertThat(chunks.get(chunks.size() - 1).path("choices").get(0).path("finish_reason").asText())
                .isIn("stop", "length");
    }

    @Test
    void textCompletionWholeAndStreamed() throws Exception {
        String request = "{\"prompt\":\"hello world\",\"max_tokens\":6,\"temperature\":0%s}";
        JsonNode completion = json(server.post("/v1/completions", request.formatted("")));

        assertThat(completion.path("object").asText()).isEqualTo("text_completion");
        assertThat(completion.path("id").asText()).startsWith("cmpl-");
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.path("text").isTextual()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isIn("stop", "length");
        assertUsage(completion.path("usage"), 6);

        List<String> events = events(server.post("/v1/completions", request.formatted(",\"stream\":true")).body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = chunks(events);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.path("object").asText()).isEqualTo("text_completion"));
        assertThat(String.join("", chunks.stream().map(c -> c.path("choices").get(0).path("text").asText()).toList()))
                .isEqualTo(choice.path("text").asText());
    }

    @Test
    void tokenizeAndDetokenizeRoundTrip() throws Exception {
        JsonNode tokenized = json(server.post("/tokenize", "{\"content\":\"hello world, ü\"}"));
        assertThat(tokenized.path("tokens")).isNotEmpty().allSatisfy(token -> assertThat(token.isInt()).isTrue());

        JsonNode detokenized = json(server.post("/detokenize", "{\"tokens\":" + tokenized.path("tokens") + "}"));
        // SentencePiece puts a space before the text; decoding keeps it
        assertThat(detokenized.path("content").asText()).isEqualTo(" hello world, ü");

        HttpResponse<String> outside = server.post("/detokenize", "{\"tokens\":[" + TinyGguf.VOCABULARY_SIZE + "]}");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(json(outside).path("error").path("param").asText()).isEqualTo("tokens");
    }

    @Test
    void errorsInOpenAiShape() throws Exception {
        HttpResponse<String> badJson = server.post("/v1/chat/completions", "{\"messages\": [");
        assertThat(badJson.statusCode()).isEqualTo(400);
        JsonNode error = json(badJson).path("error");
        assertThat(error.path("message").asText()).contains("not valid JSON");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(error.has("code")).isTrue();
        assertThat(error.path("code").isNull()).isTrue();

        HttpResponse<String> noMessages = server.post("/v1/chat/completions", "{\"model\":\"tiny-llama\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(json(noMessages).path("error").path("param").asText()).isEqualTo("messages");

        HttpResponse<String> twoChoices = server.post("/v1/completions", "{\"prompt\":\"a\",\"n\":2}");
        assertThat(twoChoices.statusCode()).isEqualTo(400);
        assertThat(json(twoChoices).path("error").path("param").asText()).isEqualTo("n");

        HttpResponse<String> unknown = server.get("/v1/embeddings");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("type").asText()).isEqualTo("invalid_request_error");

        HttpResponse<String> wrongMethod = server.get("/v1/chat/completions");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(wrongMethod).path("error").path("message").asText()).contains("GET");
    }

    @Test
    void concurrentRequestsTakeTurnsAndAllSucceed() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(""))).build();
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 4)
                .mapToObj(i -> server.client().sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();

        List<String> contents = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> done = response.get(30, TimeUnit.SECONDS);
            assertThat(done.statusCode()).isEqualTo(200);
            contents.add(json(done).path("choices").get(0).path("message").path("content").asText());
        }
        assertThat(contents).containsOnly(contents.get(0));
        assertThat(server.stdout()).containsPattern("POST /v1/chat/completions 200 tokens=\\d+\\+\\d+ \\d+ms");
    }

    @Test
    void aMissingModelExitsWithCode2AndSaysWhy() throws Exception {
        Path missing = work.resolve("no-such-model.gguf");
        try (ServerProcess bad = ServerProcess.start(work, "missing-model", "--model", missing.toString(),
                "--port", "0")) {
            assertThat(bad.process().waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(bad.process().exitValue()).isEqualTo(2);
            assertThat(bad.stderr()).contains("model file not found").contains(missing.toString());
            assertThat(bad.nativeLibraryDirectory()).hasValueSatisfying(dir -> assertThat(dir).doesNotExist());
        }
    }

    @Test
    void sigtermStopsItWithin5SecondsAndRemovesTheNativeLibrary() throws Exception {
        try (ServerProcess stopping = ServerProcess.start(work, "sigterm", "--model", model.toString(),
                "--port", "0", "--served-model-name", "to-stop").awaitHealthy(START_TIMEOUT)) {
            assertThat(json(stopping.get("/v1/models")).path("data").get(0).path("id").asText()).isEqualTo("to-stop");
            Path nativeDirectory = stopping.nativeLibraryDirectory().orElseThrow();
            assertThat(nativeDirectory.resolve("libjllama.so")).exists();

            stopping.process().destroy(); // SIGTERM

            assertThat(stopping.process().waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s").isTrue();
            assertThat(stopping.process().exitValue()).isZero();
            assertThat(nativeDirectory).doesNotExist();
            assertThat(stopping.stdout()).contains("GET /v1/models 200").contains("llama-server: stopping");
        }
    }

    private static void assertUsage(JsonNode usage, int maxTokens) {
        int prompt = usage.path("prompt_tokens").asInt();
        int completion = usage.path("completion_tokens").asInt();
        assertThat(prompt).isPositive();
        assertThat(completion).isPositive().isLessThanOrEqualTo(maxTokens);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(prompt + completion);
    }

    /** The data of each SSE event, in order. */
    private static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        return body.lines().filter(line -> !line.isEmpty()).map(line -> {
            assertThat(line).startsWith("data: ");
            return line.substring("data: ".length());
        }).toList();
    }

    private static List<JsonNode> chunks(List<String> events) throws Exception {
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events.subList(0, events.size() - 1)) {
            chunks.add(ServerProcess.JSON.readTree(event));
        }
        return chunks;
    }
}
