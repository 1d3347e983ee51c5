package org.csghub.accounts.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Short-lived tokens the hub issues on a user's behalf for its own workloads, e.g. the read token an inference
 * endpoint downloads its model with. They are ordinary access tokens of that user (listed with the user's tokens,
 * revocable, capped by the user's rights and the scopes given) that expire on their own.
 */
@ProviderType
public interface ServiceTokens {

    /**
     * @param userId  the user the token acts for ({@code > 0})
     * @param purpose the token's name, e.g. {@code endpoint ep-1a2b model download}
     * @param ttl     how long it lives (at most a day)
     */
    IssuedToken issue(long userId, String purpose, Set<Scope> scopes, Duration ttl);

    /** Revokes a token issued here; nothing happens if it is gone or revoked. */
    void revoke(long userId, long tokenId);

    /** An issued token; its {@link #toString()} leaves the secret out. */
    record IssuedToken(long id, String secret, Instant expiresAt) {

        public IssuedToken {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "IssuedToken[id=" + id + ", expiresAt=" + expiresAt + "]";
        }
    }
}
