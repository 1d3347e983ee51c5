package org.csghub.hf.internal;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

import org.csghub.rest.ApiException;

/**
 * Errors the way the HF clients read them: a JSON body {@code {"error": "..."}}, {@code X-Error-Message}, and an
 * {@code X-Error-Code} ({@code RepoNotFound}, {@code RevisionNotFound}, {@code EntryNotFound}) where the clients
 * branch on it (a missing file is {@code null} to JS {@code downloadFile}, {@code missing_ok} in Python).
 */
final class HfErrors {

    static final String REPO_NOT_FOUND = "RepoNotFound";
    static final String REVISION_NOT_FOUND = "RevisionNotFound";
    static final String ENTRY_NOT_FOUND = "EntryNotFound";

    private HfErrors() {
    }

    /** Runs a handler; an {@link ApiException} becomes an HF error response, a 404 tagged with {@code notFoundCode}. */
    static Response handle(String notFoundCode, Handler handler) {
        try {
            return handler.get();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (HfRepos.HfNotFound e) {
            return error(404, e.hfCode(), e.getMessage(), e.headers());
        } catch (ApiException e) {
            return error(e.status(), e.status() == 404 ? notFoundCode : null, e.getMessage(), e.headers());
        }
    }

    static Response error(int status, String code, String message, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
                .header("X-Error-Message", message == null ? null : message.replaceAll("[\\r\\n]", " "));
        if (code != null) {
            r.header("X-Error-Code", code);
        }
        headers.forEach(r::header);
        return r.build();
    }

    /** A handler that may do I/O. */
    @FunctionalInterface
    interface Handler {
        Response get() throws java.io.IOException;
    }
}
