package org.csghub.gateway.internal;

import org.csghub.accounts.api.Subject;

/**
 * What one gateway request did, for its usage record: filled in as the request goes, read once at its end.
 * Token counts stay {@code null} when the engine reported none (a stream that broke before its usage chunk).
 */
final class Call {

    final Subject subject;
    final long startedNanos = System.nanoTime();
    String model;
    Long endpointId;
    boolean stream;
    Integer promptTokens;
    Integer completionTokens;
    Integer totalTokens;
    Long ttftMillis;
    int status;
    /** What admission reserved for this request, settled when it ends ({@code null}: nothing). */
    Admission.Ticket admission;

    Call(Subject subject) {
        this.subject = subject;
    }

    void firstToken() {
        if (ttftMillis == null) {
            ttftMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        }
    }

    long latencyMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
