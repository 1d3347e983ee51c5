package org.csghub.compute.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Objects;
import java.util.stream.Collectors;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.EngineDescriptors;
import org.osgi.service.component.annotations.Component;

/**
 * Reads {@code engine.json}: the field names are the record components of {@link EngineDescriptor},
 * {@code EngineImage} and {@code EngineArg}; argument types may be written in any case. Unknown fields are
 * refused, so a misspelt {@code defualtValue} fails at install time instead of silently dropping a default.
 */
@Component(service = EngineDescriptors.class)
public class JsonEngineDescriptors implements EngineDescriptors {

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @Override
    public EngineDescriptor read(URL descriptor) throws IOException {
        Objects.requireNonNull(descriptor, "descriptor");
        try (InputStream in = descriptor.openStream()) {
            EngineDescriptor d = mapper.readValue(in, EngineDescriptor.class);
            if (d == null) {
                throw new IllegalArgumentException(descriptor + ": empty engine descriptor");
            }
            return d;
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(descriptor + ": " + field(e) + reason(e), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(descriptor + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Where the error is, as {@code args[1].type}; empty at the top level. */
    private static String field(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "" : "field " + path.substring(path.startsWith(".") ? 1 : 0) + ": ";
    }

    /** Why: a record constructor's own message (a null check names the missing field), else Jackson's. */
    private static String reason(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NullPointerException && cause.getMessage() != null) {
            return "missing field " + cause.getMessage();
        }
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return e.getOriginalMessage();
    }
}
