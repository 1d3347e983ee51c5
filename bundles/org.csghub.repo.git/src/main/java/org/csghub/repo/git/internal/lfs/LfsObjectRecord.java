package org.csghub.repo.git.internal.lfs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An LFS object known to be stored (once, whatever the number of repositories that reference it). */
@Entity
@Table(name = "lfs_object")
class LfsObjectRecord {

    @Id
    @Column(length = 64)
    String oid;
    @Column(nullable = false)
    long size;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
