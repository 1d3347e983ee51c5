package org.csghub.engine.llamacpp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One request and its response: JSON in, JSON or an SSE stream out. Remembers the status and token counts for the
 * request log.
 */
final class Exchange {

    /** Chat requests are small; this bounds what a bad client can make the server buffer. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpExchange http;
    private int status;
    private String tokens = "";

    Exchange(HttpExchange http) {
        this.http = http;
    }

    String method() {
        return http.getRequestMethod();
    }

    String path() {
        return http.getRequestURI().getPath();
    }

    int status() {
        return status;
    }

    boolean responseStarted() {
        return status != 0;
    }

    String tokens() {
        return tokens;
    }

    void countTokens(int prompt, int completion) {
        tokens = prompt + "+" + completion;
    }

    ObjectNode jsonBody() throws IOException {
        try (InputStream in = http.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw ApiError.invalidRequest("the request body is larger than " + MAX_BODY_BYTES + " bytes", null);
            }
            return Json.parseObject(body);
        }
    }

    void json(int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        http.getResponseHeaders().set("Content-Type", "application/json");
        start(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    void error(ApiError error) throws IOException {
        ObjectNode body = Json.object();
        body.putObject("error")
                .put("message", error.getMessage())
                .put("type", error.type())
                .put("param", error.param())
                .putNull("code");
        json(error.status(), body);
    }

    void allow(String methods) {
        http.getResponseHeaders().set("Allow", methods);
    }

    /** Starts a 200 {@code text/event-stream} response (chunked: its length is unknown). */
    EventStream eventStream() throws IOException {
        http.getResponseHeaders().set("Content-Type", "text/event-stream");
        http.getResponseHeaders().set("Cache-Control", "no-cache");
        start(200, 0); // 0: chunked
        return new EventStream(http.getResponseBody());
    }

    void close() {
        http.close();
    }

    private void start(int status, long length) throws IOException {
        this.status = status;
        http.sendResponseHeaders(status, length);
    }

    /** Server-sent events as OpenAI sends them: {@code data: <json>} blocks, ended by {@code data: [DONE]}. */
    static final class EventStream {

        private final OutputStream out;

        private EventStream(OutputStream out) {
            this.out = out;
        }

        void send(JsonNode event) throws IOException {
            write("data: " + Json.MAPPER.writeValueAsString(event) + "\n\n");
        }

        void done() throws IOException {
            write("data: [DONE]\n\n");
            out.close();
        }

        private void write(String block) throws IOException {
            out.write(block.getBytes(StandardCharsets.UTF_8));
            out.flush(); // each event goes out as its own chunk, now
        }
    }
}
