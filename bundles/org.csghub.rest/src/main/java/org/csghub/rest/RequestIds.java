package org.csghub.rest;

/** Where the request id lives: the response header, and the SLF4J MDC key log lines carry it under. */
public final class RequestIds {

    /** Set on every response; a caller's own well-formed value is kept so ids can span services. */
    public static final String HEADER = "X-Request-Id";

    /** The MDC key under which the current request id is logged. */
    public static final String MDC_KEY = "requestId";

    private RequestIds() {
    }
}
