package org.csghub.platform.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * /api/openapi.json follows the resources registered right now, Swagger UI is served offline, /metrics is a
 * Prometheus text page with per-route-template histograms and JVM metrics, and the MeterRegistry is a service.
 */
@ExtendWith(BundleContextExtension.class)
class ObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETINGS = "/api/v1/example/greetings";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Hub hub;
    private static final List<Bundle> installed = new ArrayList<>();

    @BeforeAll
    static void connect(@InjectBundleContext BundleContext context) throws Exception {
        hub = Hub.connect(context);
    }

    @AfterAll
    static void uninstall() throws Exception {
        for (Bundle b : installed) {
            b.uninstall();
        }
        assertThat(hub.await(GREETINGS, r -> r.statusCode() == 404, WAIT)).isNotNull();
    }

    @Test
    void theOpenApiDocumentGrowsAndShrinksWithPlugins() throws Exception {
        for (Bundle b : installed) {
            b.stop(); // another test of this class may have started the example
        }
        HttpResponse<String> without = hub.await("/api/openapi.json",
                r -> r.statusCode() == 200 && !r.body().contains(GREETINGS), WAIT);
        assertThat(without).isNotNull();
        JsonNode before = JSON.readTree(without.body());
        assertThat(before.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(before.path("paths").has("/api/v1/version")).isTrue();
        assertThat(before.path("paths").has("/api/v1/health")).isTrue();
        assertThat(before.path("paths").has("/api/openapi.json")).as("the document itself is hidden").isFalse();
        assertThat(before.path("paths").has(GREETINGS)).isFalse();
        assertThat(before.path("components").path("schemas").has("ApiError")).isTrue();
        assertThat(before.path("paths").path("/api/v1/version").path("get").path("responses").path("4XX")
                .path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/ApiError");

        Bundle example = installExample();
        assertThat(hub.await("/api/openapi.json", r -> r.body().contains(GREETINGS), WAIT))
                .as("the plugin's route appears").isNotNull();
        JsonNode with = JSON.readTree(hub.get("/api/openapi.json").body());
        assertThat(with.path("paths").path(GREETINGS).has("post")).isTrue();
        assertThat(with.path("components").path("schemas").has("Greeting")).isTrue();

        example.stop();
        assertThat(hub.await("/api/openapi.json", r -> r.statusCode() == 200 && !r.body().contains(GREETINGS), WAIT))
                .as("and goes when the plugin stops").isNotNull();
    }

    @Test
    void swaggerUiIsServedFromTheBundle() {
        HttpResponse<String> docs = hub.get("/api/docs");
        assertThat(docs.statusCode()).isEqualTo(303);
        assertThat(docs.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/docs/ui/index.html"));
        HttpResponse<String> page = hub.get("/api/docs/ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("/api/openapi.json").contains("swagger-ui-bundle.js");
        HttpResponse<String> script = hub.get("/api/docs/ui/swagger-ui-bundle.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).hasSizeGreaterThan(100_000).contains("SwaggerUIBundle");
        assertThat(hub.get("/api/docs/ui/swagger-ui.css").statusCode()).isEqualTo(200);
        assertThat(hub.get("/api/docs/ui/../../../etc/passwd").statusCode()).isIn(400, 404);
    }

    @Test
    void metricsArePrometheusTextWithRouteTemplatesAndJvmMetrics() throws Exception {
        installExample();
        assertThat(hub.await(GREETINGS, r -> r.statusCode() == 200, WAIT)).isNotNull();
        hub.postJson(GREETINGS, "{\"name\":\"Ada\"}");
        hub.postJson(GREETINGS, "{\"name\": ");
        hub.get("/api/v1/admin/plugins/12345"); // 401 without the token, but the route template is known

        HttpResponse<String> r = hub.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain").contains("version=0.0.4"));
        String text = r.body();
        assertThat(text).contains("# TYPE http_server_requests_seconds histogram");
        assertThat(text).containsPattern(
                "http_server_requests_seconds_count\\{method=\"POST\",status=\"200\",uri=\"/api/v1/example/greetings\"} [1-9]");
        assertThat(text).contains("status=\"400\",uri=\"/api/v1/example/greetings\"");
        assertThat(text).contains("uri=\"/api/v1/admin/plugins/{id}\"").doesNotContain("plugins/12345");
        assertThat(text).containsPattern("http_server_requests_seconds_bucket\\{[^}]*method=\"POST\"[^}]*uri=\"/api/v1/example/greetings\"");
        for (String jvm : List.of("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_cpu_usage", "process_uptime_seconds")) {
            assertThat(text).as(jvm).contains(jvm);
        }
    }

    @Test
    void theMeterRegistryIsAServiceForOtherBundles() {
        ServiceReference<?> ref = hub.context().getServiceReference("io.micrometer.core.instrument.MeterRegistry");
        assertThat(ref).isNotNull();
        assertThat(ref.getBundle().getSymbolicName()).isEqualTo("org.csghub.metrics");
    }

    private static Bundle installExample() throws Exception {
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.start();
                return b;
            }
        }
        try (InputStream in = Files.newInputStream(hub.examplePluginJar())) {
            Bundle b = hub.context().installBundle("csghub:itest/observability-example", in);
            installed.add(b);
            b.start();
            return b;
        }
    }
}
