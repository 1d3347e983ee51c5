package org.csghub.testing.stubengine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible server that answers at once: {@code /health}, {@code /v1/models},
 * {@code /v1/chat/completions} and {@code /v1/completions} (plain, or streamed as three SSE events plus the usage
 * chunk when {@code stream_options.include_usage} is asked for), {@code /tokenize}. It reads no model; its reply is
 * always the same. Only the JDK is needed, so it runs from the bundle's class files.
 */
public final class StubServer {

    private static final String REPLY = "Hello from the stub";
    private static final int PROMPT_TOKENS = 7;
    private static final int COMPLETION_TOKENS = 3;

    private StubServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = 8000;
        int threads = 32;
        String model = "stub";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--served-model-name" -> model = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String served = model;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", exchange -> {
            try {
                handle(exchange, served);
            } finally {
                exchange.close();
            }
        });
        server.start();
        System.out.println("stub engine: listening on http://127.0.0.1:" + port + " as " + served);
    }

    private static void handle(HttpExchange exchange, String model) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String request = new String(body, StandardCharsets.UTF_8);
        switch (path) {
            case "/health" -> send(exchange, 200, "{\"status\":\"ok\"}");
            case "/v1/models" -> send(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"" + model
                    + "\",\"object\":\"model\",\"owned_by\":\"stub\"}]}");
            case "/tokenize" -> send(exchange, 200, "{\"tokens\":[1,2,3]}");
            case "/v1/chat/completions", "/v1/completions" -> complete(exchange, model, request,
                    path.endsWith("chat/completions"));
            default -> send(exchange, 404, "{\"error\":{\"message\":\"no route " + path + "\",\"type\":"
                    + "\"invalid_request_error\"}}");
        }
    }

    private static void complete(HttpExchange exchange, String model, String request, boolean chat)
            throws IOException {
        String compact = request.replace(" ", "");
        boolean stream = compact.contains("\"stream\":true");
        String usage = "{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":" + COMPLETION_TOKENS
                + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}";
        String object = chat ? "chat.completion" : "text_completion";
        if (!stream) {
            String choice = chat
                    ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + REPLY
                    + "\"},\"finish_reason\":\"stop\"}"
                    : "{\"index\":0,\"text\":\"" + REPLY + "\",\"finish_reason\":\"stop\"}";
            send(exchange, 200, "{\"id\":\"stub-1\",\"object\":\"" + object + "\",\"created\":0,\"model\":\""
                    + model + "\",\"choices\":[" + choice + "],\"usage\":" + usage + "}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String chunkObject = chat ? "chat.completion.chunk" : "text_completion";
        for (String word : REPLY.split(" ")) {
            String delta = chat ? "{\"index\":0,\"delta\":{\"content\":\"" + word + " \"},\"finish_reason\":null}"
                    : "{\"index\":0,\"text\":\"" + word + " \",\"finish_reason\":null}";
            event(out, "{\"id\":\"stub-1\",\"object\":\"" + chunkObject + "\",\"created\":0,\"model\":\"" + model
                    + "\",\"choices\":[" + delta + "]}");
        }
        if (compact.contains("\"include_usage\":true")) {
            event(out, "{\"id\":\"stub-1\",\"object\":\"" + chunkObject + "\",\"created\":0,\"model\":\"" + model
                    + "\",\"choices\":[],\"usage\":" + usage + "}");
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
