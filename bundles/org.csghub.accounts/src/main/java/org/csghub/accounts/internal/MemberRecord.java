package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's role in an organization. */
@Entity
@Table(name = "accounts_member")
class MemberRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "org_id", nullable = false)
    long orgId;
    @Column(name = "user_id", nullable = false)
    long userId;
    @Column(nullable = false, length = 8)
    String role;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
