package org.csghub.plugins.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.csghub.rest.ApiException;

/**
 * The admin API's guard until accounts exist: {@code Authorization: Bearer <token>}. Without a configured
 * token the API is disabled rather than open. Comparison is on SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks through timing.
 * The token itself is never logged nor shown by {@link #toString()}.
 */
final class AdminToken {

    private static final String BEARER = "bearer ";

    /** Null when no token is configured. */
    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    static AdminToken of(String token) {
        return new AdminToken(token == null || token.isBlank() ? null : sha256(token.strip()));
    }

    boolean enabled() {
        return digest != null;
    }

    /** Returns normally when the header carries the token; otherwise throws 403 (disabled) or 401. */
    void check(String authorization) {
        if (digest == null) {
            throw new ApiException(403, "admin_disabled",
                    "The admin API is disabled: no admin token is configured "
                            + "(set CSGHUB_ADMIN_TOKEN or .adminToken in conf/org.csghub.plugins.cfg)");
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw new ApiException(401, "unauthorized", "Send the admin token as 'Authorization: Bearer <token>'");
        }
        byte[] offered = sha256(authorization.substring(BEARER.length()).strip());
        if (!MessageDigest.isEqual(digest, offered)) {
            throw new ApiException(401, "unauthorized", "The admin token is not valid");
        }
    }

    @Override
    public String toString() {
        return digest == null ? "AdminToken[disabled]" : "AdminToken[set]";
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
