package org.csghub.rest;

import java.util.Map;

/**
 * The one error body every 4xx and 5xx answer carries:
 * {@code {"error":{"code","message","details","requestId"}}}.
 *
 * @param error the error itself
 */
public record ApiError(Detail error) {

    /**
     * @param code      a stable, machine-readable code such as {@code not_found} or {@code invalid_json}
     * @param message   a sentence for people
     * @param details   structured facts about the error (the offending field, a parse location, ...); may be empty
     * @param requestId the id of the request, also sent in the {@value RequestIds#HEADER} header
     */
    public record Detail(String code, String message, Map<String, Object> details, String requestId) {
        public Detail {
            details = details == null ? Map.of() : Map.copyOf(details);
        }
    }

    public static ApiError of(String code, String message, Map<String, Object> details, String requestId) {
        return new ApiError(new Detail(code, message, details, requestId));
    }
}
