package org.csghub.rest.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.csghub.rest.ApiError;
import org.csghub.rest.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure, Jersey's own 404/405/415 and Jackson's parse errors included, into the uniform
 * error body. Unexpected exceptions are logged with the request id and answered with a 500 that does not
 * leak their message.
 */
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    /** Headers of a Jersey error response that tell the client what to do next. */
    private static final List<String> KEPT_HEADERS =
            List.of(HttpHeaders.ALLOW, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE);

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable failure) {
        String requestId = RequestIdFilter.current();
        ApiException api = find(failure, ApiException.class);
        if (api != null) {
            Response.ResponseBuilder answer = Response.status(api.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ApiError.of(api.code(), api.getMessage(), api.details(), requestId));
            api.headers().forEach(answer::header);
            return answer.build();
        }
        JsonProcessingException json = find(failure, JsonProcessingException.class);
        if (json != null) {
            return body(400, "invalid_json", "Request body is not valid JSON: " + json.getOriginalMessage(),
                    jsonDetails(json), requestId, null);
        }
        WebApplicationException web = find(failure, WebApplicationException.class);
        if (web != null && web.getResponse() != null) {
            return fromJersey(web.getResponse(), requestId);
        }
        if (duringReload(failure)) {
            // a request routed by the application that is being replaced, to a resource whose service is gone
            LOG.info("Request raced a REST reload requestId={} path={}", requestId, path());
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.RETRY_AFTER, "1")
                    .entity(ApiError.of("unavailable", "This route is being reloaded; retry", Map.of(), requestId))
                    .build();
        }
        LOG.error("Unhandled error requestId={} path={}", requestId, path(), failure);
        return body(500, "internal_error", "Internal server error", Map.of(), requestId, null);
    }

    private Response fromJersey(Response original, String requestId) {
        int status = original.getStatus();
        Map<String, Object> details = new LinkedHashMap<>();
        String message = switch (status) {
            case 404 -> "No resource at " + method() + " " + path();
            case 405 -> "Method " + method() + " is not allowed on " + path();
            case 406 -> "None of the accepted media types can be produced for " + path();
            case 415 -> "This Content-Type is not supported by " + method() + " " + path();
            default -> original.getStatusInfo().getReasonPhrase();
        };
        if (status == 405 && original.getAllowedMethods() != null) {
            details.put("allowed", original.getAllowedMethods().stream().sorted().collect(Collectors.toList()));
        }
        if (status >= 500) {
            LOG.warn("Server error status={} requestId={} path={}", status, requestId, path());
        }
        return body(status, code(status), message, details, requestId, original);
    }

    private Response body(int status, String code, String message, Map<String, Object> details, String requestId,
            Response original) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(code, message, details, requestId));
        if (original != null) {
            for (String header : KEPT_HEADERS) {
                List<Object> values = original.getHeaders().get(header);
                if (values != null) {
                    values.forEach(v -> builder.header(header, v));
                }
            }
        }
        return builder.build();
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    static Map<String, Object> jsonDetails(JsonProcessingException json) {
        Map<String, Object> details = new LinkedHashMap<>();
        JsonLocation location = json.getLocation();
        if (location != null) {
            details.put("line", location.getLineNr());
            details.put("column", location.getColumnNr());
        }
        if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            details.put("path", path(mapping.getPath()));
        }
        return details;
    }

    /** The offending field as a caller writes it: {@code name}, {@code items[2].size}. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * Whether the failure is the whiteboard replacing the Jersey application under a request: the resource's
     * service left (HK2 then finds no way to build it) or the old application's injection manager is closed.
     */
    static boolean duringReload(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // HK2's MultiException carries its errors in its message, not as causes
            String message = String.valueOf(t.getMessage());
            if (message.contains("Could not find a suitable constructor") || message.contains("has been shut down")) {
                return true;
            }
        }
        return false;
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    // the injected proxies fail if the application is being torn down; mapping an error must never throw
    private String path() {
        try {
            return uriInfo == null ? "?" : "/" + uriInfo.getPath(false);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private String method() {
        try {
            return request == null ? "?" : request.getMethod();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
