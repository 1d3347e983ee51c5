package org.csghub.repo.git.internal.lfs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A repository references an LFS object: it may download it, and it counts toward its size. */
@Entity
@Table(name = "lfs_repo_object")
@IdClass(LfsRepoObjectRecord.Key.class)
class LfsRepoObjectRecord {

    @Id
    @Column(name = "repo_id")
    long repoId;
    @Id
    @Column(length = 64)
    String oid;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    /** The composite key (repository, oid). */
    static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        long repoId;
        String oid;

        Key() {
        }

        Key(long repoId, String oid) {
            this.repoId = repoId;
            this.oid = oid;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.repoId == repoId && Objects.equals(k.oid, oid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(repoId, oid);
        }
    }
}
