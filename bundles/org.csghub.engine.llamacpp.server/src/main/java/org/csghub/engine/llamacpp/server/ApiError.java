package org.csghub.engine.llamacpp.server;

/** An error answered in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}. */
final class ApiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;

    private ApiError(int status, String type, String message, String param) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    static ApiError invalidRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", message, param);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "invalid_request_error", message, null);
    }

    static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "invalid_request_error", message, null);
    }

    static ApiError loading() {
        return new ApiError(503, "unavailable_error", "the model is still loading", null);
    }

    static ApiError server(String message) {
        return new ApiError(500, "server_error", message, null);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }
}
