package org.csghub.accounts.api;

import org.csghub.rest.ApiException;

/** A refused call, answered with the uniform error body: 401, 403 or 404 (for what the caller may not see). */
public class AccessDeniedException extends ApiException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(int status, String code, String message) {
        super(status, code, message);
    }

    public static AccessDeniedException unauthenticated(String message) {
        return new AccessDeniedException(401, "unauthenticated", message);
    }

    public static AccessDeniedException forbidden(String message) {
        return new AccessDeniedException(403, "forbidden", message);
    }

    public static AccessDeniedException hidden(String what) {
        return new AccessDeniedException(404, "not_found", what + " not found");
    }
}
