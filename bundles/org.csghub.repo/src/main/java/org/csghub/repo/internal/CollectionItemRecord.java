package org.csghub.repo.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "repo_collection_item")
@IdClass(CollectionItemRecord.Key.class)
class CollectionItemRecord {

    @Id
    @Column(name = "collection_id")
    Long collectionId;
    @Id
    @Column(name = "repo_id")
    Long repoId;
    @Column(length = 500)
    String note;
    @Column(name = "added_at", nullable = false)
    Instant addedAt;

    record Key(Long collectionId, Long repoId) implements Serializable {
    }
}
