package org.csghub.example.internal;

import java.util.Map;
import java.util.regex.Pattern;
import org.csghub.rest.ApiException;

/**
 * The JSON body of {@code POST /api/v1/example/greetings}: {@code {"name":"Ada"}}.
 *
 * @param name who to greet: 1 to 64 letters, digits, spaces, dots, apostrophes or dashes
 */
public record GreetingRequest(String name) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} .'-]{1,64}");

    /** Checks the request and returns the trimmed name, or throws a 400 with the uniform error body. */
    String validName() {
        return valid(name);
    }

    static String valid(String name) {
        if (name == null || name.isBlank()) {
            throw new ApiException(400, "invalid_name", "Field 'name' is required", Map.of("field", "name"));
        }
        String trimmed = name.strip();
        if (!NAME.matcher(trimmed).matches()) {
            throw new ApiException(400, "invalid_name",
                    "Field 'name' must be 1 to 64 letters, digits, spaces, dots, apostrophes or dashes",
                    Map.of("field", "name"));
        }
        return trimmed;
    }
}
