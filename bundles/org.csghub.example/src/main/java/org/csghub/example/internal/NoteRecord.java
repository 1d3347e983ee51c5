package org.csghub.example.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.Visibility;

/** A note owned by a namespace; what the permission service sees of it is its {@link #ref()}. */
@Entity
@Table(name = "example_note")
public class NoteRecord {

    static final String KIND = "note";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false, length = 64)
    String namespace;
    @Column(nullable = false, length = 64)
    String name;
    @Column(name = "private_note", nullable = false)
    boolean privateNote;
    @Column(nullable = false, length = 4000)
    String content;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    ResourceRef ref() {
        return new ResourceRef(KIND, namespace, name, privateNote ? Visibility.PRIVATE : Visibility.PUBLIC);
    }

    Note view() {
        return new Note(namespace, name, privateNote ? "private" : "public", content, updatedAt);
    }

    /** A note as the REST API shows it. */
    public record Note(String namespace, String name, String visibility, String content, Instant updatedAt) {
    }
}
