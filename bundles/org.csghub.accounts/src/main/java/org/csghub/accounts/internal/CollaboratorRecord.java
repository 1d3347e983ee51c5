package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's role on one resource ({@code kind/namespace/name}), beyond what the namespace gives them. */
@Entity
@Table(name = "accounts_collaborator")
class CollaboratorRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "resource_key", nullable = false, length = 300)
    String resourceKey;
    @Column(name = "user_id", nullable = false)
    long userId;
    @Column(nullable = false, length = 8)
    String role;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
