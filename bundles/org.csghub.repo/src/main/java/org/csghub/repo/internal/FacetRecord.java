package org.csghub.repo.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "repo_facet")
@IdClass(FacetRecord.Key.class)
class FacetRecord {

    @Id
    @Column(name = "repo_id")
    Long repoId;
    @Id
    @Column(length = 32)
    String facet;
    @Id
    @Column(name = "val", length = 200)
    String value;

    record Key(Long repoId, String facet, String value) implements Serializable {
    }
}
