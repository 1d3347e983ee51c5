package org.csghub.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by resources to answer with a given status and the uniform error body. Anything else that escapes
 * a resource becomes a 500 whose message does not leak internals.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** Response headers that tell the client what to do next ({@code Retry-After}, {@code WWW-Authenticate}). */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    /** Adds a response header to the error answer; returns this exception for chaining. */
    public ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }
}
