package org.csghub.repo.git.internal.lfs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived credentials carried in LFS action URLs ({@code ?token=}), for the clients that PUT and GET the
 * {@code href} without applying the action's {@code header} map (the HuggingFace clients). A token is
 * {@code <expiry epoch seconds>.<HMAC-SHA256>} over the repository, the operation, the oid and the size, so it
 * authorises exactly one transfer of one object into or out of one repository, until it expires.
 */
public final class LfsTokens {

    private final byte[] key;
    private final Clock clock;

    public LfsTokens(byte[] key, Clock clock) {
        if (key.length < 16) {
            throw new IllegalArgumentException("signing key too short");
        }
        this.key = key.clone();
        this.clock = clock;
    }

    public String sign(long repoId, String operation, String oid, long size, Duration ttl) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return expires + "." + mac(repoId, operation, oid, size, expires);
    }

    public boolean verify(String token, long repoId, String operation, String oid, long size) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 19) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (clock.instant().getEpochSecond() > expires) {
            return false;
        }
        String expected = mac(repoId, operation, oid, size, expires);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(long repoId, String operation, String oid, long size, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String message = "lfs\n" + repoId + "\n" + operation + "\n" + oid + "\n" + size + "\n" + expires;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
