package org.csghub.platform.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * The uniform error behaviour over real HTTP, against the example plugin's POST route: malformed JSON, wrong
 * field types, oversized bodies (declared and chunked), wrong Content-Type, unknown routes, wrong methods, and a
 * request id on every answer.
 */
@ExtendWith(BundleContextExtension.class)
class RestErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETINGS = "/api/v1/example/greetings";
    /** The default org.csghub.rest maxBodyBytes. */
    private static final int LIMIT = 10 * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Hub hub;
    private static Bundle example;
    private static URI base;

    @BeforeAll
    static void install(@InjectBundleContext BundleContext context) throws Exception {
        hub = Hub.connect(context);
        try (InputStream in = Files.newInputStream(hub.examplePluginJar())) {
            example = context.installBundle("csghub:itest/errors-example", in);
        }
        example.start();
        HttpResponse<String> up = hub.await(GREETINGS, r -> r.statusCode() == 200, Duration.ofSeconds(20));
        assertThat(up).isNotNull();
        base = up.uri().resolve("/");
    }

    @AfterAll
    static void uninstall() throws Exception {
        example.uninstall();
        assertThat(hub.await(GREETINGS, r -> r.statusCode() == 404, Duration.ofSeconds(20))).isNotNull();
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() throws Exception {
        HttpResponse<String> r = hub.postJson(GREETINGS, "{\n  \"name\": \"Ada\",\n  oops }");
        JsonNode error = error(r, 400, "invalid_json");
        assertThat(error.path("details").path("line").asInt()).isEqualTo(3);
        assertThat(error.path("details").path("column").asInt()).isPositive();
    }

    @Test
    void aWrongFieldTypeIs400WithThePath() throws Exception {
        JsonNode error = error(hub.postJson(GREETINGS, "{\"name\": {\"first\": \"Ada\"}}"), 400, "invalid_json");
        assertThat(error.path("details").path("path").asText()).isEqualTo("name");
    }

    @Test
    void aBodyOverTheLimitIs413WithContentLength() throws Exception {
        HttpResponse<String> r = send(request().header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(LIMIT + 1))).build());
        error(r, 413, "payload_too_large");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        // no length known in advance: the client sends it chunked and the limit is enforced while reading
        HttpResponse<String> r = send(request().header("Content-Type", "application/json")
                .POST(chunked(LIMIT + 64 * 1024)).build());
        error(r, 413, "payload_too_large");
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        HttpResponse<String> r = send(request().header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("Ada")).build());
        error(r, 415, "unsupported_media_type");
    }

    @Test
    void anUnknownRouteIs404() throws Exception {
        error(hub.get("/api/v1/example/no-such-route"), 404, "not_found");
    }

    @Test
    void aWrongMethodIs405WithTheAllowedMethods() throws Exception {
        HttpResponse<String> r = send(request().DELETE().build());
        JsonNode error = error(r, 405, "method_not_allowed");
        assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET").contains("POST"));
        assertThat(error.path("details").path("allowed").toString()).contains("\"GET\"").contains("\"POST\"");
    }

    @Test
    void everyAnswerCarriesARequestIdAndACallersIdIsKept() throws Exception {
        for (HttpResponse<String> r : new HttpResponse[] {hub.get(GREETINGS), hub.postJson(GREETINGS, "{"),
                hub.get("/nowhere"), hub.get("/metrics"), hub.get("/api/docs")}) {
            assertThat(r.headers().firstValue("X-Request-Id")).as(r.uri() + " " + r.statusCode()).isPresent();
        }
        HttpResponse<String> mine = send(request().header("X-Request-Id", "itest-42").GET().build());
        assertThat(mine.headers().firstValue("X-Request-Id")).hasValue("itest-42");
        HttpResponse<String> failed = send(request().header("X-Request-Id", "itest-43").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{")).build());
        assertThat(JSON.readTree(failed.body()).path("error").path("requestId").asText()).isEqualTo("itest-43");
    }

    private static JsonNode error(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("requestId").asText()).isEqualTo(id);
        return error;
    }

    private static HttpRequest.Builder request() {
        return HttpRequest.newBuilder(base.resolve(GREETINGS.substring(1))).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static final byte[] START = "{\"name\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** {@code {"name":"aaa...} of {@code size} bytes: JSON the reader has to consume to the end to judge. */
    private static byte[] body(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 'a');
        System.arraycopy(START, 0, b, 0, START.length);
        return b;
    }

    /** A body of unknown length (so the client sends it chunked) of {@code total} bytes in 64 KiB pieces. */
    private static HttpRequest.BodyPublisher chunked(int total) {
        return HttpRequest.BodyPublishers.ofByteArrays(() -> new Iterator<byte[]>() {
            private int sent;

            @Override
            public boolean hasNext() {
                return sent < total;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] b = new byte[Math.min(64 * 1024, total - sent)];
                java.util.Arrays.fill(b, (byte) 'a');
                if (sent == 0) {
                    System.arraycopy(START, 0, b, 0, START.length);
                }
                sent += b.length;
                return b;
            }
        });
    }
}
