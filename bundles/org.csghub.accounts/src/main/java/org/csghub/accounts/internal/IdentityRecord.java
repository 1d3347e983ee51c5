package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Links a provider's subject ({@code keycloak}, {@code sub}) to a local user. */
@Entity
@Table(name = "accounts_identity")
class IdentityRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false, length = 64)
    String provider;
    @Column(nullable = false, length = 255)
    String subject;
    @Column(name = "user_id", nullable = false)
    long userId;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
