package org.csghub.platform.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST basics of the resolved core: DS resources served over real HTTP with the uniform error body. */
@ExtendWith(BundleContextExtension.class)
class RestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Hub hub;

    @BeforeAll
    static void connect(@InjectBundleContext BundleContext context) throws Exception {
        hub = Hub.connect(context);
    }

    @Test
    void versionResourceIsServed() throws Exception {
        HttpResponse<String> r = hub.get("/api/v1/version");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("edition").asText()).isEqualTo("itest");
        assertThat(body.path("framework").asText()).contains("Apache Software Foundation");
    }

    @Test
    void healthReportsThePluginsCheck() throws Exception {
        HttpResponse<String> r = hub.get("/api/v1/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("checks").has("plugins")).as(r.body()).isTrue();
    }

    @Test
    void unknownRouteGetsTheUniform404() throws Exception {
        HttpResponse<String> r = hub.get("/api/v1/no-such-thing");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("not_found");
        assertThat(error.path("requestId").asText()).isNotBlank();
    }
}
