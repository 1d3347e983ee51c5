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
    /** the request id (never a key), kept on the usage row */
    String requestId;
    /** the usage row written at admission ({@link Metering#open}), or {@code null} */
    Long rowId;
    /** the engine's OpenAI base URL, once the request was routed */
    String engineBaseUrl;
    /** the model name the engine answers to */
    String servedModel;
    /** the prompt's text (messages' contents or the prompt), for counting when the engine reports no usage */
    String promptText;
    /** the completion text relayed to the client, bounded, for the same */
    private final StringBuilder completion = new StringBuilder();
    private static final int MAX_COMPLETION_CHARS = 1 << 20;

    Call(Subject subject) {
        this.subject = subject;
    }

    void firstToken() {
        if (ttftMillis == null) {
            ttftMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        }
    }

    /** Keeps text the client was sent (a delta, a message), up to a bound. */
    void relayed(String text) {
        if (text != null && completion.length() < MAX_COMPLETION_CHARS) {
            completion.append(text, 0, Math.min(text.length(), MAX_COMPLETION_CHARS - completion.length()));
        }
    }

    String completionText() {
        return completion.toString();
    }

    boolean engineReportedUsage() {
        return promptTokens != null && completionTokens != null;
    }

    long latencyMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
