package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A login session: the short-lived access JWTs carry its id, the refresh token is stored hashed, and logout
 * revokes the row so that neither works again.
 */
@Entity
@Table(name = "accounts_session")
class SessionRecord {

    @Id
    @Column(length = 36)
    String id;
    @Column(name = "user_id", nullable = false)
    long userId;
    @Column(name = "refresh_hash", nullable = false, unique = true, length = 64)
    String refreshHash;
    @Column(nullable = false, length = 64)
    String provider;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "refreshed_at", nullable = false)
    Instant refreshedAt;
    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;
    @Column(name = "revoked_at")
    Instant revokedAt;
}
