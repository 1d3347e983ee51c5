package org.csghub.rest.openapi.internal;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.ws.rs.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.csghub.rest.ApiError;

/**
 * Reads an OpenAPI 3.1 document from resource classes with swagger-core, adds the hub's uniform error body as
 * a schema, and gives every operation {@code 4XX} and {@code 5XX} responses with it.
 */
final class ApiDocument {

    static final String ERROR_SCHEMA = "ApiError";

    private ApiDocument() {
    }

    static String json(Collection<Class<?>> resources, String version) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        resources.stream().filter(c -> c.isAnnotationPresent(Path.class))
                .sorted(Comparator.comparing(Class::getName)).forEach(classes::add);
        OpenAPI base = new OpenAPI(io.swagger.v3.oas.models.SpecVersion.V31).openapi("3.1.0").info(new Info().title("CSGHub API").version(version)
                .description("Generated from the REST resources installed in this server."));
        SwaggerConfiguration config = new SwaggerConfiguration().openAPI(base).openAPI31(true)
                .prettyPrint(true).readAllResources(true);
        OpenAPI api = new Reader(config).read(classes);
        // swagger-core returns a bare 3.0 document when there is nothing to read
        api.specVersion(io.swagger.v3.oas.models.SpecVersion.V31).openapi("3.1.0").info(base.getInfo());
        addErrors(api);
        try {
            return Json31.pretty().writeValueAsString(api);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the OpenAPI document", e);
        }
    }

    private static void addErrors(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        Map<String, Schema> schemas = new TreeMap<>();
        if (components.getSchemas() != null) {
            schemas.putAll(components.getSchemas());
        }
        schemas.putAll(ModelConverters.getInstance(true).readAll(ApiError.class));
        schemas.put(ERROR_SCHEMA, schemas.getOrDefault(ApiError.class.getSimpleName(), new Schema<>()));
        components.setSchemas(schemas);
        api.setComponents(components);
        ApiResponse error = new ApiResponse().description("Error, in the uniform error body")
                .content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))));
        if (api.getPaths() != null) {
            api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> defaultError(op, error)));
        }
    }

    private static void defaultError(Operation op, ApiResponse error) {
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        responses.putIfAbsent("4XX", error);
        responses.putIfAbsent("5XX", error);
        op.setResponses(responses);
    }
}
