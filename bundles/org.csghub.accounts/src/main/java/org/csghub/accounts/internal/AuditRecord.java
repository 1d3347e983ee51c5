package org.csghub.accounts.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.csghub.accounts.api.AuditEvent;

/** A row of the audit trail. */
@Entity
@Table(name = "audit_log")
class AuditRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false)
    Instant at;
    @Column(nullable = false, length = 100)
    String actor;
    @Column(name = "actor_id", nullable = false)
    long actorId;
    @Column(nullable = false, length = 200)
    String action;
    @Column(length = 500)
    String target;
    @Column(nullable = false, length = 16)
    String result;
    @Column(nullable = false)
    int status;
    @Column(name = "client_ip", length = 64)
    String clientIp;
    @Column(name = "request_id", length = 64)
    String requestId;
    @Column(length = 1000)
    String detail;

    static AuditRecord of(AuditEvent event) {
        AuditRecord row = new AuditRecord();
        row.at = event.at();
        row.actor = cut(event.actor(), 100);
        row.actorId = event.actorId();
        row.action = cut(event.action(), 200);
        row.target = cut(event.target(), 500);
        row.result = cut(event.result(), 16);
        row.status = event.status();
        row.clientIp = cut(event.clientIp(), 64);
        row.requestId = cut(event.requestId(), 64);
        row.detail = cut(event.detail(), 1000);
        return row;
    }

    AuditEvent event() {
        return new AuditEvent(at, actor, actorId, action, target, result, status, clientIp, requestId, detail);
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
