package org.csghub.persistence.api;

import org.csghub.rest.ApiException;

/**
 * The database cannot be used right now: still starting, unreachable, or a migration failed. A REST call
 * that meets it answers 503 with the uniform error body.
 */
public class PersistenceUnavailableException extends ApiException {

    private static final long serialVersionUID = 1L;

    public PersistenceUnavailableException(String message) {
        super(503, "unavailable", message);
    }

    public PersistenceUnavailableException(String message, Throwable cause) {
        super(503, "unavailable", message);
        initCause(cause);
    }
}
