package org.csghub.repo.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "repo_repository")
class RepoRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false, length = 32)
    String type;
    @Column(nullable = false, length = 64)
    String namespace;
    @Column(nullable = false, length = 100)
    String name;
    /** lower-case {@code type/namespace/name}: names are unique per type, ignoring case */
    @Column(name = "path_key", nullable = false, unique = true, length = 200)
    String pathKey;
    @Column(length = 2000)
    String description;
    @Column(nullable = false, length = 16)
    String visibility;
    @Column(name = "default_branch", nullable = false, length = 255)
    String defaultBranch;
    /** tags set through the API, comma separated; card tags live in the card metadata */
    @Column(name = "user_tags", length = 2000)
    String userTags;
    /** the card metadata as JSON */
    @Column(columnDefinition = "text")
    String metadata;
    @Column(name = "head_commit", length = 64)
    String headCommit;
    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;
    @Column(nullable = false)
    long downloads;
    @Column(nullable = false)
    long likes;
    @Column(name = "created_by")
    Long createdBy;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    static String key(String type, String namespace, String name) {
        return (type + "/" + namespace + "/" + name).toLowerCase(java.util.Locale.ROOT);
    }
}
