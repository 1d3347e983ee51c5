package org.csghub.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.inference.api.Routable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay against a fake engine: refusals and timeouts as OpenAI errors, idle cut-off, cancel on client loss. */
class RelayTest {

    private static final byte[] REQUEST = "{\"model\":\"m\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json = new ObjectMapper();
    private final Relay relay = new Relay(json, config());
    private HttpServer server;

    @AfterEach
    void close() {
        relay.close();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anEngineThatRefusesConnectionsIsA503() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        GatewayError e = catchThrowableOfType(() -> relay.forward(call(false), route("http://127.0.0.1:" + port),
                "/chat/completions", REQUEST, false, null), GatewayError.class);
        assertThat(e.status).isEqualTo(503);
        assertThat(e.code).isEqualTo("endpoint_unavailable");
        assertThat(e.body(json).path("error").path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void anEngineThatNeverAnswersIsA504() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            GatewayError e = catchThrowableOfType(() -> relay.forward(call(false),
                    route("http://127.0.0.1:" + silent.getLocalPort()), "/chat/completions", REQUEST, false, null),
                    GatewayError.class);
            assertThat(e.status).isEqualTo(504);
            assertThat(e.code).isEqualTo("upstream_timeout");
            assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void theEnginesOwnRefusalsKeepTheirStatusAndItsFailuresAre502() throws Exception {
        serve(exchange -> answer(exchange, exchange.getRequestURI().getPath().endsWith("/completions")
                && exchange.getRequestURI().getPath().contains("chat") ? 400 : 500,
                exchange.getRequestURI().getPath().contains("chat")
                        ? "{\"error\":{\"message\":\"only n=1 is supported\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"n\",\"code\":null}}"
                        : "segfault"));
        GatewayError refused = catchThrowableOfType(() -> relay.forward(call(false), route(base()),
                "/chat/completions", REQUEST, false, null), GatewayError.class);
        assertThat(refused.status).isEqualTo(400);
        assertThat(refused.param).isEqualTo("n");
        assertThat(refused.getMessage()).isEqualTo("only n=1 is supported");
        GatewayError failed = catchThrowableOfType(() -> relay.forward(call(false), route(base()),
                "/completions", REQUEST, false, null), GatewayError.class);
        assertThat(failed.status).isEqualTo(502);
        assertThat(failed.getMessage()).isEqualTo("segfault");
    }

    @Test
    void anEngineThatFallsSilentMidStreamIsCutAfterTheIdleTimeout() throws Exception {
        serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"usage\":null}\n\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            sleep(10_000);
        });
        Call call = call(true);
        Client client = new Client(Integer.MAX_VALUE);
        long started = System.nanoTime();
        relay.forward(call, route(base()), "/chat/completions", REQUEST, false, client.response());
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(6));
        assertThat(call.status).isEqualTo(504);
        String seen = client.body.toString(StandardCharsets.UTF_8);
        assertThat(seen).startsWith("data: {\"choices\"").doesNotContain("usage")
                .contains("data: {\"error\":{\"message\":\"The endpoint fell silent for 1 s\"")
                .contains("\"code\":\"upstream_timeout\"");
        assertThat(client.status.get()).isEqualTo(200);
    }

    @Test
    void aClientThatGoesAwayCancelsTheEnginesResponse() throws Exception {
        CountDownLatch engineNoticed = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 500; i++) {
                    out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + i + "\"}}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent.incrementAndGet();
                    sleep(20);
                }
            } catch (IOException gone) {
                engineNoticed.countDown();
            }
        });
        Call call = call(true);
        relay.forward(call, route(base()), "/chat/completions", REQUEST, false, new Client(3).response());
        assertThat(call.status).isEqualTo(499);
        assertThat(engineNoticed.await(10, TimeUnit.SECONDS)).as("the engine's write failed").isTrue();
        assertThat(sent.get()).isLessThan(500);
    }

    // ---- fixtures

    private void serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1", handler);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Routable route(String base) {
        return new Routable(1, "alice/tiny", "alice/tiny", "alice", "alice/tiny", "llama-cpp", "Running",
                base + "/v1", true);
    }

    private static Call call(boolean stream) {
        Call call = new Call(new Subject(7, "alice", null, false, Set.of(Scope.INFERENCE), 3L, null, null));
        call.stream = stream;
        return call;
    }

    /** A servlet response that keeps what is written and fails from the {@code failAt}-th write on. */
    private static final class Client {

        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final AtomicInteger status = new AtomicInteger();
        final int failAt;
        int writes;

        Client(int failAt) {
            this.failAt = failAt;
        }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (++writes >= failAt) {
                        throw new IOException("Broken pipe");
                    }
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getOutputStream":
                                return out;
                            case "setStatus":
                                status.set((Integer) args[0]);
                                return null;
                            case "isCommitted":
                                return true;
                            default:
                                return method.getReturnType() == boolean.class ? false : null;
                        }
                    });
        }
    }

    private static GatewayConfig config() {
        return new GatewayConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GatewayConfig.class;
            }

            @Override
            public int connectTimeoutSeconds() {
                return 1;
            }

            @Override
            public int responseTimeoutSeconds() {
                return 1;
            }

            @Override
            public int idleTimeoutSeconds() {
                return 1;
            }

            @Override
            public int maxRequestBytes() {
                return 1024;
            }

            @Override
            public int maxResponseBytes() {
                return 1024 * 1024;
            }

            @Override
            public int wakeTimeoutSeconds() {
                return 1;
            }

            @Override
            public int defaultMaxTokens() {
                return 16;
            }
        };
    }
}
