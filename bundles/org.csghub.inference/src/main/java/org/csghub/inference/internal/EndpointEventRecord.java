package org.csghub.inference.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One state change of an endpoint, with why. */
@Entity
@Table(name = "inference_endpoint_event")
public class EndpointEventRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "endpoint_id", nullable = false)
    long endpointId;
    @Column(nullable = false)
    Instant at;
    @Column(nullable = false, length = 32)
    String state;
    @Column(length = 64)
    String reason;
    @Column(length = 2000)
    String message;
    /** The engine's last log lines, for failures. */
    @Column(name = "log_tail", length = 8000)
    String logTail;

    /** An event as the REST API shows it. */
    public record Event(Instant at, String state, String reason, String message, List<String> logTail) {
    }

    Event view() {
        return new Event(at, state, reason, message, logTail == null ? List.of() : List.of(logTail.split("\n")));
    }
}
