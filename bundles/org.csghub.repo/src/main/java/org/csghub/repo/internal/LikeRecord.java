package org.csghub.repo.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "repo_like")
@IdClass(LikeRecord.Key.class)
class LikeRecord {

    @Id
    @Column(name = "repo_id")
    Long repoId;
    @Id
    @Column(name = "user_id")
    Long userId;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    record Key(Long repoId, Long userId) implements Serializable {
    }
}
