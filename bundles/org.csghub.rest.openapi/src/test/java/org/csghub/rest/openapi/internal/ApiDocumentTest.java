package org.csghub.rest.openapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiDocumentTest {

    /** A resource as a plugin writes one. */
    @Path("api/v1/things")
    @Produces("application/json")
    public static class Things {
        public record Thing(String name, int size) {
        }

        @GET
        @Path("{id}")
        public Thing get(@PathParam("id") String id) {
            return null;
        }

        @POST
        public Thing create(Thing thing) {
            return thing;
        }
    }

    /** Not a resource: ignored. */
    public static class NotAResource {
    }

    @Test
    void documentsTheResourcesAndTheUniformErrorBody() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(ApiDocument.json(List.of(Things.class, NotAResource.class), "1.2.3"));
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        assertThat(doc.path("info").path("version").asText()).isEqualTo("1.2.3");
        assertThat(doc.path("paths").has("/api/v1/things/{id}")).isTrue();
        assertThat(doc.path("paths").path("/api/v1/things").has("post")).isTrue();
        assertThat(doc.path("components").path("schemas").has("Thing")).isTrue();
        assertThat(doc.path("components").path("schemas").has(ApiDocument.ERROR_SCHEMA)).isTrue();
        assertThat(doc.path("paths").path("/api/v1/things/{id}").path("get").path("responses").path("4XX")
                .path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/ApiError");
    }

    @Test
    void noResourcesGiveAnEmptyButValidDocument() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(ApiDocument.json(List.of(), "1"));
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        assertThat(doc.path("paths").size()).isZero();
    }
}
