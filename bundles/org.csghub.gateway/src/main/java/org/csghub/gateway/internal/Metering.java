package org.csghub.gateway.internal;

import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.Subject;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one usage row per gateway request and answers usage queries. A row that cannot be written is logged
 * with everything it held (never a key), so it can be recovered from the log; an outbox that retries is not built
 * yet.
 */
@Component(service = Metering.class)
public class Metering {

    private static final Logger LOG = LoggerFactory.getLogger(Metering.class);

    private final Transactions tx;

    @Activate
    public Metering(@Reference Transactions tx) {
        this.tx = tx;
    }

    void record(Call call) {
        UsageRecord row = new UsageRecord();
        row.at = Instant.now();
        row.tokenId = call.subject.tokenId();
        row.userId = call.subject.userId();
        row.organization = call.subject.organization();
        row.model = call.model == null || call.model.length() <= 255 ? call.model : call.model.substring(0, 255);
        row.endpointId = call.endpointId;
        row.promptTokens = call.promptTokens;
        row.completionTokens = call.completionTokens;
        row.totalTokens = call.totalTokens;
        row.latencyMs = call.latencyMillis();
        row.ttftMs = call.ttftMillis;
        row.status = call.status;
        row.stream = call.stream;
        try {
            tx.run(em -> em.persist(row));
        } catch (RuntimeException e) {
            LOG.error("Gateway usage not recorded: at={} tokenId={} userId={} organization={} model={} endpointId={} "
                            + "promptTokens={} completionTokens={} totalTokens={} latencyMs={} ttftMs={} status={} "
                            + "stream={}", row.at, row.tokenId, row.userId, row.organization, row.model,
                    row.endpointId, row.promptTokens, row.completionTokens, row.totalTokens, row.latencyMs,
                    row.ttftMs, row.status, row.stream, e);
        }
    }

    /** The rows a subject may see (its own; site admins all), newest first, and the totals over all that match. */
    Map<String, Object> query(Subject subject, String model, Instant from, Instant to, int limit) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (!subject.siteAdmin()) {
            if (subject.isOrganizationKey()) {
                where.append(" and u.organization = :org and u.userId = 0");
                params.put("org", subject.organization());
            } else {
                where.append(" and u.userId = :user");
                params.put("user", subject.userId());
            }
        }
        if (model != null && !model.isBlank()) {
            where.append(" and u.model = :model");
            params.put("model", model);
        }
        if (from != null) {
            where.append(" and u.at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.append(" and u.at < :to");
            params.put("to", to);
        }
        return tx.readOnly(em -> {
            TypedQuery<UsageRecord> rows = em.createQuery("select u from UsageRecord u" + where
                    + " order by u.id desc", UsageRecord.class).setMaxResults(limit);
            TypedQuery<Object[]> sums = em.createQuery("select count(u), coalesce(sum(u.promptTokens), 0), "
                    + "coalesce(sum(u.completionTokens), 0), coalesce(sum(u.totalTokens), 0) from UsageRecord u"
                    + where, Object[].class);
            params.forEach((k, v) -> {
                rows.setParameter(k, v);
                sums.setParameter(k, v);
            });
            List<UsageRecord.Usage> list = new ArrayList<>();
            rows.getResultList().forEach(r -> list.add(r.view()));
            Object[] t = sums.getSingleResult();
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("requests", ((Number) t[0]).longValue());
            totals.put("promptTokens", ((Number) t[1]).longValue());
            totals.put("completionTokens", ((Number) t[2]).longValue());
            totals.put("totalTokens", ((Number) t[3]).longValue());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("rows", list);
            answer.put("totals", totals);
            return answer;
        });
    }
}
