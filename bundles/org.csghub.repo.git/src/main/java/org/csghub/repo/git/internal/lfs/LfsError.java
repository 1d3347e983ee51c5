package org.csghub.repo.git.internal.lfs;

import java.util.LinkedHashMap;
import java.util.Map;

/** A whole-request LFS error: answered as {@code {message, request_id}} with the LFS media type. */
public class LfsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public LfsError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public LfsError header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
