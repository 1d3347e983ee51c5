package org.csghub.engine.llamacpp.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dispatches by exact path and method (404 and 405 otherwise), turns failures into OpenAI-shaped errors and logs
 * one line per request: time, method, path, status, tokens (prompt+completion) and milliseconds.
 */
final class Router implements HttpHandler {

    interface Endpoint {
        void handle(Exchange exchange) throws IOException;
    }

    private final Map<String, Map<String, Endpoint>> routes = new LinkedHashMap<>();
    private final PrintStream log;

    Router(PrintStream log) {
        this.log = log;
    }

    Router route(String method, String path, Endpoint endpoint) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
        return this;
    }

    @Override
    public void handle(HttpExchange http) {
        long start = System.nanoTime();
        Exchange exchange = new Exchange(http);
        try {
            dispatch(exchange);
        } catch (ApiError e) {
            answer(exchange, e);
        } catch (IOException e) {
            log.println("client connection failed: " + e.getMessage()); // it went away; nobody to answer
        } catch (RuntimeException e) {
            e.printStackTrace();
            answer(exchange, ApiError.server(e.toString()));
        } finally {
            exchange.close();
            log.printf("%s %s %s %d tokens=%s %dms%n", Instant.now(), exchange.method(), exchange.path(),
                    exchange.status(), exchange.tokens().isEmpty() ? "-" : exchange.tokens(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void dispatch(Exchange exchange) throws IOException {
        Map<String, Endpoint> byMethod = routes.get(exchange.path());
        if (byMethod == null) {
            throw ApiError.notFound("no route for " + exchange.method() + " " + exchange.path());
        }
        Endpoint endpoint = byMethod.get(exchange.method());
        if (endpoint == null) {
            exchange.allow(String.join(", ", byMethod.keySet()));
            throw ApiError.methodNotAllowed(exchange.method() + " is not allowed on " + exchange.path());
        }
        endpoint.handle(exchange);
    }

    private void answer(Exchange exchange, ApiError error) {
        if (exchange.responseStarted()) {
            log.println("error after the response started: " + error.getMessage());
            return;
        }
        try {
            exchange.error(error);
        } catch (IOException e) {
            log.println("client connection failed: " + e.getMessage());
        }
    }
}
