package org.csghub.engine.llamacpp.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Request bodies and typed field reads that answer a wrong field with a 400 naming it. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.invalidRequest("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw ApiError.invalidRequest("the request body cannot be read: " + e.getMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw ApiError.invalidRequest("the request body must be a JSON object", null);
        }
        return (ObjectNode) node;
    }

    /** The field, or empty when it is absent or null. */
    static Optional<JsonNode> field(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    static Optional<String> string(ObjectNode body, String name) {
        return field(body, name).map(value -> {
            if (!value.isTextual()) {
                throw ApiError.invalidRequest("'" + name + "' must be a string", name);
            }
            return value.textValue();
        });
    }

    static String requiredString(ObjectNode body, String name) {
        return string(body, name).orElseThrow(() -> missing(name));
    }

    static OptionalDouble number(ObjectNode body, String name, double min, double max) {
        Optional<JsonNode> value = field(body, name);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!value.get().isNumber() || value.get().doubleValue() < min || value.get().doubleValue() > max) {
            throw ApiError.invalidRequest("'" + name + "' must be a number from " + min + " to " + max, name);
        }
        return OptionalDouble.of(value.get().doubleValue());
    }

    static OptionalInt integer(ObjectNode body, String name, int min, int max) {
        OptionalLong value = longInteger(body, name);
        if (value.isPresent() && (value.getAsLong() < min || value.getAsLong() > max)) {
            throw ApiError.invalidRequest("'" + name + "' must be an integer from " + min + " to " + max, name);
        }
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    static OptionalLong longInteger(ObjectNode body, String name) {
        Optional<JsonNode> value = field(body, name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!value.get().canConvertToExactIntegral() || !value.get().canConvertToLong()) {
            throw ApiError.invalidRequest("'" + name + "' must be an integer", name);
        }
        return OptionalLong.of(value.get().longValue());
    }

    static boolean bool(ObjectNode body, String name) {
        Optional<JsonNode> value = field(body, name);
        if (value.isPresent() && !value.get().isBoolean()) {
            throw ApiError.invalidRequest("'" + name + "' must be true or false", name);
        }
        return value.map(JsonNode::booleanValue).orElse(false);
    }

    static Optional<ObjectNode> object(ObjectNode body, String name) {
        return field(body, name).map(value -> {
            if (!value.isObject()) {
                throw ApiError.invalidRequest("'" + name + "' must be an object", name);
            }
            return (ObjectNode) value;
        });
    }

    /** A string or an array of strings (OpenAI's {@code stop}). */
    static List<String> strings(ObjectNode body, String name) {
        Optional<JsonNode> value = field(body, name);
        List<String> strings = new ArrayList<>();
        if (value.isPresent() && value.get().isTextual()) {
            strings.add(value.get().textValue());
        } else if (value.isPresent() && value.get().isArray()) {
            for (JsonNode element : value.get()) {
                if (!element.isTextual()) {
                    throw ApiError.invalidRequest("'" + name + "' must be a string or an array of strings", name);
                }
                strings.add(element.textValue());
            }
        } else if (value.isPresent()) {
            throw ApiError.invalidRequest("'" + name + "' must be a string or an array of strings", name);
        }
        return strings;
    }

    static ApiError missing(String name) {
        return ApiError.invalidRequest("'" + name + "' is required", name);
    }
}
