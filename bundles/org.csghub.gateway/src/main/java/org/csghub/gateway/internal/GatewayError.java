package org.csghub.gateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A refusal in OpenAI's error format, {@code {"error":{"message","type","param","code"}}}, with its HTTP status.
 * {@code retry} says whether the official SDKs should retry it ({@code x-should-retry}).
 */
final class GatewayError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    final String param;
    final String code;
    final boolean retry;
    /** Seconds for {@code Retry-After}, or {@code null}. */
    Long retryAfterSeconds;

    GatewayError(int status, String type, String code, String param, String message, boolean retry) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retry = retry;
    }

    static GatewayError invalid(String param, String message) {
        return new GatewayError(400, "invalid_request_error", null, param, message, false);
    }

    static GatewayError unauthenticated(String message) {
        return new GatewayError(401, "authentication_error", "invalid_api_key", null, message, false);
    }

    static GatewayError modelNotFound(String model) {
        return new GatewayError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or you do not have access to it.", false);
    }

    static GatewayError notFound(String message) {
        return new GatewayError(404, "invalid_request_error", "not_found", null, message, false);
    }

    /** The engine cannot be reached: 502 (broken answer), 503 (refused, not there), 504 (too slow). */
    static GatewayError upstream(int status, String code, String message) {
        return new GatewayError(status, "server_error", code, null, message, status != 502);
    }

    GatewayError retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    ObjectNode body(ObjectMapper json) {
        return body(json, getMessage(), type, param, code);
    }

    static ObjectNode body(ObjectMapper json, String message, String type, String param, String code) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }
}
