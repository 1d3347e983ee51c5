package org.csghub.idp.itest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A local HTTP server answering JSON on paths a test registers: a stand-in for an identity provider. */
final class StandIn implements AutoCloseable {

    /** One endpoint: the request's query and form parameters, its Authorization header; returns JSON. */
    interface Endpoint {
        String answer(Map<String, String> parameters, String authorization) throws Exception;
    }

    private final HttpServer server;

    StandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void on(String path, Endpoint endpoint) {
        server.createContext(path, exchange -> respond(exchange, endpoint));
    }

    private static void respond(HttpExchange exchange, Endpoint endpoint) throws IOException {
        Map<String, String> parameters = parse(exchange.getRequestURI().getRawQuery());
        try (InputStream body = exchange.getRequestBody()) {
            parameters.putAll(parse(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
        }
        byte[] bytes;
        int status = 200;
        try {
            bytes = endpoint.answer(parameters, exchange.getRequestHeaders().getFirst("Authorization"))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            status = 400;
            bytes = "{\"error\":\"invalid_request\"}".getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, String> parse(String query) {
        Map<String, String> parameters = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
