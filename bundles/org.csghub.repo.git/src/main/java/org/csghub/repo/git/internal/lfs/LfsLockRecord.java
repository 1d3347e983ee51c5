package org.csghub.repo.git.internal.lfs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Git LFS file lock: one per (repository, path). */
@Entity
@Table(name = "lfs_lock")
class LfsLockRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "repo_id", nullable = false)
    long repoId;
    @Column(nullable = false, length = 1024)
    String path;
    @Column(length = 255)
    String ref;
    @Column(name = "owner_id", nullable = false)
    long ownerId;
    @Column(name = "owner_name", nullable = false, length = 128)
    String ownerName;
    @Column(name = "locked_at", nullable = false)
    Instant lockedAt;

    LfsLocks.Lock toLock() {
        return new LfsLocks.Lock(id, repoId, path, ref, ownerId, ownerName, lockedAt);
    }
}
