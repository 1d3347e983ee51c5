package org.csghub.idp.local.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's password hash and failed-login state. */
@Entity
@Table(name = "idp_local_credential")
class CredentialRecord {

    @Id
    @Column(name = "user_id")
    Long userId;
    @Column(name = "password_hash", nullable = false, length = 256)
    String passwordHash;
    @Column(name = "failed_logins", nullable = false)
    int failedLogins;
    @Column(name = "locked_until")
    Instant lockedUntil;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
