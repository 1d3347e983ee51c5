package org.csghub.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.csghub.inference.api.Routable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request to an endpoint's engine and relays the answer: whole for plain requests, event by event for
 * streams. Engines that cannot be reached are 503 (refused), 504 (too slow) or 502 (a broken answer), in OpenAI's
 * error format; an engine that falls silent within a body is cut after the idle timeout, so nothing hangs; a client
 * that goes away closes the upstream response, which aborts the engine's request.
 */
final class Relay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final ObjectMapper json;
    private final GatewayConfig config;
    private final ExecutorService executor;
    private final ScheduledExecutorService watchdog;
    private final HttpClient http;

    Relay(ObjectMapper json, GatewayConfig config) {
        this.json = json;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> daemon(r, "gateway-http-" + n.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gateway-idle-watchdog"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(config.connectTimeoutSeconds()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        executor.shutdownNow();
    }

    void forward(Call call, Routable route, String path, byte[] body, boolean clientWantsUsage,
                 HttpServletResponse resp) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(route.openaiBaseUrl() + path))
                .timeout(Duration.ofSeconds(config.responseTimeoutSeconds()))
                .header("Content-Type", "application/json")
                .header("Accept", call.stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<InputStream> upstream = send(request, route);
        try (Idle idle = new Idle(upstream.body())) {
            int status = upstream.statusCode();
            String type = upstream.headers().firstValue("Content-Type").orElse("application/json");
            if (status / 100 != 2) {
                throw upstreamError(status, read(idle.in, route), route);
            }
            if (call.stream && type.startsWith("text/event-stream")) {
                stream(call, idle, clientWantsUsage, resp);
            } else {
                whole(call, idle, type, route, resp);
            }
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, Routable route) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw GatewayError.upstream(504, "upstream_timeout", "The endpoint for model '" + route.model()
                    + "' did not accept a connection within " + config.connectTimeoutSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw GatewayError.upstream(504, "upstream_timeout", "The endpoint for model '" + route.model()
                    + "' did not answer within " + config.responseTimeoutSeconds() + " s");
        } catch (ConnectException e) {
            throw GatewayError.upstream(503, "endpoint_unavailable", "The endpoint for model '" + route.model()
                    + "' is not accepting connections (it may be restarting); try again shortly");
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw GatewayError.upstream(503, "endpoint_unavailable", "The endpoint for model '" + route.model()
                        + "' is not accepting connections (it may be restarting); try again shortly");
            }
            LOG.warn("Endpoint {} (model {}) failed: {}", route.id(), route.model(), e.toString());
            throw GatewayError.upstream(502, "upstream_error", "The endpoint for model '" + route.model()
                    + "' failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayError.upstream(503, "endpoint_unavailable", "The gateway is shutting down");
        }
    }

    /** A plain answer, relayed as the engine sent it; its usage is metered. */
    private void whole(Call call, Idle idle, String type, Routable route, HttpServletResponse resp)
            throws IOException {
        byte[] bytes = read(idle.in, route);
        try {
            JsonNode answer = json.readTree(bytes);
            TokenCounter.relayed(answer.path("choices"), call);
            JsonNode usage = answer.path("usage");
            if (usage.isObject()) {
                call.promptTokens = SseRelay.integer(usage, "prompt_tokens");
                call.completionTokens = SseRelay.integer(usage, "completion_tokens");
                call.totalTokens = SseRelay.integer(usage, "total_tokens");
            }
        } catch (IOException notJson) {
            // relayed as is; nothing to meter
        }
        call.status = 200;
        call.firstToken();
        resp.setStatus(200);
        resp.setContentType(type);
        resp.setContentLength(bytes.length);
        try {
            resp.getOutputStream().write(bytes);
            resp.flushBuffer();
        } catch (IOException clientGone) {
            call.status = 499;
        }
    }

    private void stream(Call call, Idle idle, boolean clientWantsUsage, HttpServletResponse resp) {
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        SseRelay relay = new SseRelay(json, clientWantsUsage, call);
        OutputStream out;
        try {
            out = resp.getOutputStream();
            resp.flushBuffer();
        } catch (IOException clientGone) {
            call.status = 499;
            return;
        }
        SseRelay.End end = relay.relay(idle.in, out);
        switch (end) {
            case DONE -> call.status = relay.sawError() ? 502 : 200;
            case CLIENT_GONE -> call.status = 499;
            case UPSTREAM_ENDED, UPSTREAM_FAILED -> {
                if (relay.sawError()) {
                    call.status = 502;
                } else {
                    GatewayError e = idle.timedOut
                            ? GatewayError.upstream(504, "upstream_timeout", "The endpoint fell silent for "
                                    + config.idleTimeoutSeconds() + " s")
                            : GatewayError.upstream(502, "upstream_error", "The endpoint's stream broke off");
                    call.status = e.status;
                    try {
                        out.write(("data: " + json.writeValueAsString(e.body(json)) + "\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (IOException clientGone) {
                        // nothing more to tell
                    }
                }
            }
            default -> throw new IllegalStateException(end.name());
        }
    }

    private byte[] read(InputStream in, Routable route) {
        try {
            byte[] bytes = in.readNBytes(config.maxResponseBytes() + 1);
            if (bytes.length > config.maxResponseBytes()) {
                throw GatewayError.upstream(502, "upstream_error", "The endpoint's answer is larger than "
                        + config.maxResponseBytes() + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw GatewayError.upstream(502, "upstream_error", "Reading the answer of the endpoint for model '"
                    + route.model() + "' failed: " + e.getMessage());
        }
    }

    /** The engine's refusal in OpenAI's shape: its own error object when it sent one, else its text. */
    private GatewayError upstreamError(int status, byte[] body, Routable route) {
        String message = new String(body, StandardCharsets.UTF_8);
        String type = status >= 500 ? "server_error" : "invalid_request_error";
        String code = null;
        String param = null;
        try {
            JsonNode node = json.readTree(body);
            JsonNode error = node.path("error").isObject() ? node.path("error") : node;
            if (error.path("message").isTextual()) {
                message = error.path("message").asText();
                type = error.path("type").asText(type);
                code = error.path("code").isValueNode() && !error.path("code").isNull()
                        ? error.path("code").asText() : null;
                param = error.path("param").isTextual() ? error.path("param").asText() : null;
            }
        } catch (IOException notJson) {
            // keep the text
        }
        if (message.length() > 2000) {
            message = message.substring(0, 2000);
        }
        if (status >= 500) {
            int mapped = status == 503 || status == 504 ? status : 502;
            LOG.warn("Endpoint {} (model {}) answered {}: {}", route.id(), route.model(), status, message);
            return new GatewayError(mapped, "server_error", code, param, message, mapped != 502);
        }
        return new GatewayError(status, type, code, param, message, false);
    }

    /** The upstream body, closed by a watchdog when the engine stays silent longer than the idle timeout. */
    private final class Idle implements AutoCloseable {

        final InputStream in;
        final ScheduledFuture<?> check;
        volatile long lastRead = System.nanoTime();
        volatile boolean timedOut;

        Idle(InputStream body) {
            this.in = new FilterInputStream(body) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    lastRead = System.nanoTime();
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    lastRead = System.nanoTime();
                    return n;
                }
            };
            long limit = TimeUnit.SECONDS.toNanos(config.idleTimeoutSeconds());
            this.check = watchdog.scheduleWithFixedDelay(() -> {
                if (System.nanoTime() - lastRead > limit) {
                    timedOut = true;
                    closeQuietly();
                }
            }, 1, 1, TimeUnit.SECONDS);
        }

        private void closeQuietly() {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all that is left
            }
        }

        /** Closing before the end aborts the engine's request: that is how a client that left cancels it. */
        @Override
        public void close() {
            check.cancel(false);
            closeQuietly();
        }
    }
}
