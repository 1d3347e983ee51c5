package org.csghub.example.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A greeting that was given, kept in the plugin's own table. */
@Entity
@Table(name = "example_greeting")
public class GreetingRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false, length = 200)
    private String message;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected GreetingRecord() {
    }

    GreetingRecord(String name, String message, Instant createdAt) {
        this.name = name;
        this.message = message;
        this.createdAt = createdAt;
    }

    /** The record as the REST API shows it. */
    LoggedGreeting view() {
        return new LoggedGreeting(id, name, message, createdAt);
    }

    /** One entry of {@code GET /api/v1/example/greetings/log}. */
    public record LoggedGreeting(long id, String name, String message, Instant createdAt) {
    }
}
