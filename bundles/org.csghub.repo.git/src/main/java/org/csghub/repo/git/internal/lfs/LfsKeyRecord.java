package org.csghub.repo.git.internal.lfs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The secret that signs LFS action URLs; one row, shared by every replica on the database. */
@Entity
@Table(name = "lfs_signing_key")
class LfsKeyRecord {

    @Id
    int id;
    @Column(nullable = false, length = 128)
    String secret;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
