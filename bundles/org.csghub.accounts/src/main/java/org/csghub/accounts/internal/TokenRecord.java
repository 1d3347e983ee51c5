package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A personal access token ({@code userId} set) or an organization API key ({@code orgId} set). Only the
 * SHA-256 of the token is kept; the token itself is shown once, when it is created.
 */
@Entity
@Table(name = "accounts_token")
class TokenRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    String tokenHash;
    @Column(name = "token_prefix", nullable = false, length = 16)
    String tokenPrefix;
    @Column(nullable = false, length = 64)
    String name;
    @Column(length = 500)
    String description;
    @Column(name = "user_id")
    Long userId;
    @Column(name = "org_id")
    Long orgId;
    @Column(name = "created_by", nullable = false)
    long createdBy;
    @Column(nullable = false, length = 100)
    String scopes;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "expires_at")
    Instant expiresAt;
    @Column(name = "last_used_at")
    Instant lastUsedAt;
    @Column(name = "revoked_at")
    Instant revokedAt;
}
