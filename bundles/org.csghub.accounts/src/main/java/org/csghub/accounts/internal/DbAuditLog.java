package org.csghub.accounts.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.AuditEvent;
import org.csghub.accounts.api.AuditLog;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The audit trail in {@code audit_log}: written in its own transaction, committed before {@link #record} returns. */
@Component(service = {AuditLog.class, DbAuditLog.class})
public class DbAuditLog implements AuditLog {

    private final Transactions tx;

    @Activate
    public DbAuditLog(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void record(AuditEvent event) {
        tx.run(em -> em.persist(AuditRecord.of(event)));
    }

    /** Filters for {@link #query}; null fields do not filter. */
    record Filter(String actor, String action, String target, String result, Instant from, Instant to) {
    }

    Page<AuditEvent> query(Filter filter, int page, int perPage) {
        Page.check(page, perPage);
        StringBuilder where = new StringBuilder(" from AuditRecord a where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.actor() != null) {
            where.append(" and a.actor = :actor");
            params.put("actor", filter.actor());
        }
        if (filter.action() != null) {
            where.append(" and a.action like :action");
            params.put("action", "%" + filter.action() + "%");
        }
        if (filter.target() != null) {
            where.append(" and a.target like :target");
            params.put("target", "%" + filter.target() + "%");
        }
        if (filter.result() != null) {
            where.append(" and a.result = :result");
            params.put("result", filter.result());
        }
        if (filter.from() != null) {
            where.append(" and a.at >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and a.at < :to");
            params.put("to", filter.to());
        }
        return tx.readOnly(em -> {
            var count = em.createQuery("select count(a)" + where, Long.class);
            var select = em.createQuery("select a" + where + " order by a.at desc, a.id desc", AuditRecord.class);
            params.forEach((k, v) -> {
                count.setParameter(k, v);
                select.setParameter(k, v);
            });
            List<AuditEvent> items = new ArrayList<>();
            select.setFirstResult((page - 1) * perPage).setMaxResults(perPage).getResultStream()
                    .forEach(r -> items.add(r.event()));
            return new Page<>(items, count.getSingleResult(), page, perPage);
        });
    }
}
