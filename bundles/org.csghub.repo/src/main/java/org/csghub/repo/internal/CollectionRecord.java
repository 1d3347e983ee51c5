package org.csghub.repo.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "repo_collection")
class CollectionRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false, length = 64)
    String namespace;
    @Column(nullable = false, length = 100)
    String name;
    @Column(name = "path_key", nullable = false, unique = true, length = 200)
    String pathKey;
    @Column(length = 200)
    String title;
    @Column(length = 2000)
    String description;
    @Column(nullable = false, length = 16)
    String visibility;
    @Column(name = "created_by")
    Long createdBy;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
