package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Users and organizations share one space of names: a row here reserves a name for good. */
@Entity
@Table(name = "accounts_namespace")
class NamespaceRecord {

    static final String USER = "user";
    static final String ORGANIZATION = "organization";

    @Id
    @Column(length = 64)
    String name;
    @Column(nullable = false, length = 16)
    String kind;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    NamespaceRecord() {
    }

    NamespaceRecord(String name, String kind, Instant createdAt) {
        this.name = name;
        this.kind = kind;
        this.createdAt = createdAt;
    }
}
