package org.csghub.engine.llamacpp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * POST /v1/chat/completions and /v1/completions: one choice, generated whole or streamed as server-sent events
 * ({@code stream: true}; with {@code stream_options.include_usage} a last chunk with empty choices and the usage,
 * as OpenAI sends it).
 */
final class CompletionEndpoint {

    private static final SecureRandom IDS = new SecureRandom();

    private final CompletionFormat format;
    private final Supplier<LlamaEngine> engine;
    private final String modelName;

    CompletionEndpoint(CompletionFormat format, Supplier<LlamaEngine> engine, String modelName) {
        this.format = format;
        this.engine = engine;
        this.modelName = modelName;
    }

    void handle(Exchange exchange) throws IOException {
        ObjectNode body = exchange.jsonBody();
        Generation generation = generation(body);
        boolean stream = Json.bool(body, "stream");
        boolean includeUsage = stream && Json.object(body, "stream_options")
                .map(options -> Json.bool(options, "include_usage")).orElse(false);
        LlamaEngine model = engine.get();
        String id = format.idPrefix() + randomHex();
        long created = Instant.now().getEpochSecond();
        if (stream) {
            new Stream(exchange, id, created, includeUsage).run(model, generation);
        } else {
            Generated generated = model.complete(generation);
            exchange.countTokens(generated.promptTokens(), generated.completionTokens());
            ObjectNode response = envelope(id, format.object(), created);
            response.putArray("choices").add(format.choice(generated.text(), generated.finishReason()));
            response.set("usage", usage(generated));
            exchange.json(200, response);
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[12];
        IDS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private Generation generation(ObjectNode body) {
        String prompt = format.prompt(body);
        OptionalInt n = Json.integer(body, "n", 1, Integer.MAX_VALUE);
        if (n.isPresent() && n.getAsInt() != 1) {
            throw ApiError.invalidRequest("only n=1 is supported", "n");
        }
        List<String> stop = new ArrayList<>(Json.strings(body, "stop"));
        if (stop.size() > 4) {
            throw ApiError.invalidRequest("at most 4 stop sequences are allowed", "stop");
        }
        stop.addAll(format.implicitStops());
        return new Generation(prompt,
                Json.integer(body, format.maxTokensField(body), 1, Integer.MAX_VALUE),
                Json.number(body, "temperature", 0, 2),
                Json.number(body, "top_p", 0, 1),
                Json.longInteger(body, "seed"),
                stop);
    }

    private ObjectNode envelope(String id, String object, long created) {
        return Json.object().put("id", id).put("object", object).put("created", created).put("model", modelName)
                .putNull("system_fingerprint");
    }

    private static ObjectNode usage(Generated generated) {
        return Json.object().put("prompt_tokens", generated.promptTokens())
                .put("completion_tokens", generated.completionTokens())
                .put("total_tokens", generated.totalTokens());
    }

    /**
     * One streamed response. The event stream starts with the first piece, so that an error before it (such as a
     * prompt longer than the context) is still answered as a JSON error with its status.
     */
    private final class Stream {

        private final Exchange exchange;
        private final String id;
        private final long created;
        private final boolean includeUsage;
        private Exchange.EventStream events;

        Stream(Exchange exchange, String id, long created, boolean includeUsage) {
            this.exchange = exchange;
            this.id = id;
            this.created = created;
            this.includeUsage = includeUsage;
        }

        void run(LlamaEngine model, Generation generation) throws IOException {
            Generated generated;
            try {
                generated = model.stream(generation, piece -> send(format.chunkChoice(piece, null, events == null)));
            } catch (RuntimeException e) {
                if (events == null) {
                    throw e;
                }
                failMidStream(e);
                return;
            }
            send(format.chunkChoice(null, generated.finishReason(), events == null));
            exchange.countTokens(generated.promptTokens(), generated.completionTokens());
            if (includeUsage) {
                ObjectNode last = envelope(id, format.chunkObject(), created);
                last.putArray("choices");
                last.set("usage", usage(generated));
                events.send(last);
            }
            events.done();
        }

        private void send(ObjectNode choice) throws IOException {
            if (events == null) {
                events = exchange.eventStream();
            }
            ObjectNode chunk = envelope(id, format.chunkObject(), created);
            chunk.putArray("choices").add(choice);
            if (includeUsage) {
                chunk.putNull("usage"); // as OpenAI does: every chunk but the last has "usage": null
            }
            events.send(chunk);
        }

        /** Headers are gone: the error becomes an event of its own, and the stream ends without [DONE]. */
        private void failMidStream(RuntimeException e) throws IOException {
            ObjectNode error = Json.object();
            error.putObject("error").put("message", String.valueOf(e.getMessage()))
                    .put("type", e instanceof ApiError api ? api.type() : "server_error")
                    .putNull("param").putNull("code");
            events.send(error);
        }
    }
}
