package org.csghub.accounts.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited action.
 *
 * @param actor    the subject's name ({@code anonymous}, a username or {@code org:<name>})
 * @param action   what was done, e.g. {@code POST /api/v1/organizations} or {@code git.push}
 * @param target   what it was done to, e.g. {@code organization/acme}; never a secret
 * @param result   {@code success}, {@code denied} or {@code failed}
 * @param status   the HTTP status answered, or 0 when there was none
 */
public record AuditEvent(Instant at, String actor, long actorId, String action, String target, String result,
                         int status, String clientIp, String requestId, String detail) {

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
    }

    public static AuditEvent of(Subject subject, String action, String target, String result, int status,
                                String detail) {
        return new AuditEvent(Instant.now(), subject.getName(), subject.userId(), action, target, result, status,
                subject.clientIp(), subject.requestId(), detail);
    }
}
