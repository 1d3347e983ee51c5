package org.csghub.repo.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "repo_relation")
@IdClass(RelationRecord.Key.class)
class RelationRecord {

    @Id
    @Column(name = "repo_id")
    Long repoId;
    @Id
    @Column(length = 32)
    String relation;
    @Id
    @Column(name = "target_type", length = 32)
    String targetType;
    @Id
    @Column(name = "target_path", length = 200)
    String targetPath;

    record Key(Long repoId, String relation, String targetType, String targetPath) implements Serializable {
    }
}
