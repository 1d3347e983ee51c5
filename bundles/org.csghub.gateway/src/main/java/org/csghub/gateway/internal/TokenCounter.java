package org.csghub.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts tokens when an engine reported none: with the engine's own tokenizer ({@code POST <base>/tokenize}, the
 * base URL without {@code /v1}; llama.cpp answers {@code {"tokens":[...]}}, vLLM also {@code "count"}), else an
 * estimate of one token per four characters. Also takes the texts to count out of requests and answers.
 */
final class TokenCounter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCounter.class);

    private final ObjectMapper json;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;

    TokenCounter(ObjectMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gateway-tokenizer");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The number of tokens of {@code text} by the engine's tokenizer; empty when it cannot tell. */
    OptionalInt count(String openaiBaseUrl, String servedModel, String text) {
        if (text == null || text.isEmpty()) {
            return OptionalInt.of(0);
        }
        if (openaiBaseUrl == null) {
            return OptionalInt.empty();
        }
        ObjectNode body = json.createObjectNode();
        body.put("content", text); // llama.cpp
        body.put("prompt", text); // vLLM
        if (servedModel != null) {
            body.put("model", servedModel);
        }
        body.put("add_special", false);
        body.put("add_special_tokens", false);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(tokenizeUrl(openaiBaseUrl))).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.debug("Tokenizer at {} answered {}", request.uri(), response.statusCode());
                return OptionalInt.empty();
            }
            JsonNode answer = json.readTree(response.body());
            if (answer.path("count").canConvertToInt()) {
                return OptionalInt.of(answer.path("count").intValue());
            }
            if (answer.path("tokens").isArray()) {
                return OptionalInt.of(answer.path("tokens").size());
            }
            return OptionalInt.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Tokenizer at {} failed: {}", openaiBaseUrl, e.toString());
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** {@code http://h:p/v1} → {@code http://h:p/tokenize}. */
    static String tokenizeUrl(String openaiBaseUrl) {
        String base = openaiBaseUrl.endsWith("/") ? openaiBaseUrl.substring(0, openaiBaseUrl.length() - 1)
                : openaiBaseUrl;
        if (base.endsWith("/v1")) {
            base = base.substring(0, base.length() - 3);
        }
        return base + "/tokenize";
    }

    /** One token per four characters, rounded up: what is recorded when no tokenizer answers. */
    static int estimate(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    /** The prompt's text: the contents of a chat's messages (text parts), or a completion's prompt(s). */
    static String promptText(JsonNode body) {
        StringBuilder text = new StringBuilder();
        JsonNode messages = body.path("messages");
        if (messages.isArray()) {
            for (JsonNode message : messages) {
                append(text, message.path("content"));
            }
        }
        append(text, body.path("prompt"));
        return text.toString();
    }

    private static void append(StringBuilder text, JsonNode content) {
        if (content.isTextual()) {
            separate(text).append(content.asText());
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    separate(text).append(part.asText());
                } else if (part.path("text").isTextual()) {
                    separate(text).append(part.path("text").asText());
                }
            }
        }
    }

    private static StringBuilder separate(StringBuilder text) {
        return text.length() == 0 ? text : text.append('\n');
    }

    /** Keeps the generated text of an answer's or a chunk's choices on the call. */
    static void relayed(JsonNode choices, Call call) {
        if (!choices.isArray()) {
            return;
        }
        for (JsonNode choice : choices) {
            JsonNode part = choice.has("delta") ? choice.path("delta") : choice.path("message");
            text(part.path("reasoning_content"), call);
            text(part.path("content"), call);
            text(choice.path("text"), call);
        }
    }

    private static void text(JsonNode node, Call call) {
        if (node.isTextual()) {
            call.relayed(node.asText());
        }
    }
}
