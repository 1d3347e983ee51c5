package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A redirect login in flight, kept in the database so the callback may land on any replica. Used once. */
@Entity
@Table(name = "accounts_login_state")
class LoginStateRecord {

    @Id
    @Column(length = 128)
    String state;
    @Column(nullable = false, length = 64)
    String provider;
    @Column(name = "private_state", length = 2000)
    String privateState;
    @Column(nullable = false, length = 1000)
    String callback;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;
}
