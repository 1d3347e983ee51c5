package org.csghub.gateway.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One gateway request, as metered: written {@code open} at admission, {@code completed} when the response ends,
 * or {@code interrupted} by recovery when the process that owned it died first.
 */
@Entity
@Table(name = "gateway_usage")
public class UsageRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false)
    Instant at;
    @Column(name = "token_id")
    Long tokenId;
    @Column(name = "user_id", nullable = false)
    long userId;
    @Column(length = 64)
    String organization;
    @Column(length = 255)
    String model;
    @Column(name = "endpoint_id")
    Long endpointId;
    @Column(name = "prompt_tokens")
    Integer promptTokens;
    @Column(name = "completion_tokens")
    Integer completionTokens;
    @Column(name = "total_tokens")
    Integer totalTokens;
    @Column(name = "latency_ms", nullable = false)
    long latencyMs;
    @Column(name = "ttft_ms")
    Long ttftMs;
    @Column(nullable = false)
    int status;
    @Column(nullable = false)
    boolean stream;
    @Column(nullable = false, length = 16)
    String state;
    @Column(name = "usage_source", length = 16)
    String usageSource;
    @Column(name = "request_id", length = 64)
    String requestId;
    @Column(name = "process_id", length = 36)
    String processId;
    @Column(name = "prompt_estimate")
    Integer promptEstimate;
    @Column(name = "ended_at")
    Instant endedAt;

    static final String OPEN = "open";
    static final String COMPLETED = "completed";
    static final String INTERRUPTED = "interrupted";

    Usage view() {
        return new Usage(id, at, tokenId, userId, organization, model, endpointId, promptTokens, completionTokens,
                totalTokens, latencyMs, ttftMs, status, stream, state, usageSource, requestId, endedAt);
    }

    /** A usage row as the API shows it. */
    public record Usage(long id, Instant at, Long tokenId, long userId, String organization, String model,
                        Long endpointId, Integer promptTokens, Integer completionTokens, Integer totalTokens,
                        long latencyMs, Long ttftMs, int status, boolean stream, String state,
                        String usageSource, String requestId, Instant endedAt) {
    }
}
