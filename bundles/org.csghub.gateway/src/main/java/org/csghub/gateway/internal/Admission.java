package org.csghub.gateway.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.csghub.accounts.api.Subject;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a key's policy to a completion request before it is forwarded, and settles it when the response ended.
 *
 * <ul>
 * <li>A model outside the allow-list is a 404 {@code model_not_found}, the same answer as a model that is not
 * there.</li>
 * <li>RPM/TPM: fixed UTC-minute windows in {@code gateway_rate_window}, so every replica on the database shares
 * them (the accounts bundle's REST limits are kept in the database for the same reason); 429
 * {@code rate_limit_exceeded} with {@code Retry-After} (the seconds left in the minute) and
 * {@code x-should-retry: true}.</li>
 * <li>Budget: the request's estimate ({@link Policy#estimate}) is reserved with one conditional UPDATE of the
 * period's {@code gateway_budget_window} row ({@code reserved + used + estimate <= budget}), checked by its row
 * count, so concurrent requests on any number of replicas cannot reserve more than the budget; 429
 * {@code insufficient_quota} with {@code x-should-retry: false} otherwise. A key with a budget or a TPM limit whose
 * request sets no {@code max_tokens} gets the configured default as its {@code max_tokens}, so the estimate
 * bounds what the engine may generate.</li>
 * <li>Settling moves the reservation to the real usage the engine reported; when it reported none although it
 * began answering (a stream cut off, a client gone mid-answer) the estimate is charged; when it never answered
 * (refused, failed, unreachable) nothing is.</li>
 * </ul>
 * The rate and budget updates of one request are one transaction: a request refused by its budget does not count
 * against its RPM.
 */
@Component(service = Admission.class, configurationPid = GatewayConfig.PID)
public class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final Transactions tx;
    private final GatewayConfig config;
    private final Clock clock;

    @Activate
    public Admission(@Reference Transactions tx, GatewayConfig config) {
        this(tx, config, Clock.systemUTC());
    }

    Admission(Transactions tx, GatewayConfig config, Clock clock) {
        this.tx = tx;
        this.config = config;
        this.clock = clock;
    }

    /** What was reserved for one admitted request, to be settled once. */
    record Ticket(long tokenId, long estimate, Instant minute, boolean rated, Instant periodStart) {
    }

    /** The key's policy, if it has one (sessions have none). */
    Optional<Policy> policy(Subject subject) {
        Long tokenId = subject.tokenId();
        if (tokenId == null) {
            return Optional.empty();
        }
        return tx.readOnly(em -> Optional.ofNullable(em.find(KeyPolicy.class, tokenId)).map(KeyPolicy::view));
    }

    /** For {@code GET /v1/models}: whether the key's allow-list admits a model id. */
    Predicate<String> listed(Subject subject) {
        Optional<Policy> policy = policy(subject);
        return model -> policy.map(p -> p.allows(model)).orElse(true);
    }

    /**
     * Checks the key's policy for a routed request and reserves what it may take; {@code null} when the key has no
     * policy with limits. May set {@code max_tokens} in {@code body}.
     */
    Ticket admit(Call call, ObjectNode body, int bodyChars) {
        Optional<Policy> found = policy(call.subject);
        if (found.isEmpty()) {
            return null;
        }
        Policy policy = found.get();
        if (!policy.allows(call.model)) {
            throw GatewayError.modelNotFound(call.model);
        }
        if (policy.rpm() == null && !policy.limitsTokens()) {
            return null;
        }
        if (policy.limitsTokens() && !Policy.setsMaxTokens(body)) {
            body.put("max_tokens", config.defaultMaxTokens());
        }
        long estimate = policy.limitsTokens() ? Policy.estimate(bodyChars, body, config.defaultMaxTokens()) : 0;
        Instant now = clock.instant();
        Instant minute = Policy.minute(now);
        boolean rated = policy.rpm() != null || policy.tpm() != null;
        Instant periodStart = policy.budgetTokens() == null ? null : policy.period().start(now);
        if (policy.tpm() != null && estimate > policy.tpm()) {
            throw new GatewayError(429, "rate_limit_exceeded", "rate_limit_exceeded", "max_tokens", "This "
                    + "request may take about " + estimate + " tokens, more than this key's limit of " + policy.tpm()
                    + " tokens per minute; lower max_tokens or shorten the prompt", false);
        }
        if (policy.budgetTokens() != null && estimate > policy.budgetTokens()) {
            throw quotaExceeded("This request may take about " + estimate + " tokens, more than this key's whole "
                    + policy.period().wireName() + " budget of " + policy.budgetTokens() + " tokens");
        }
        if (rated) {
            ensureRateWindow(policy.tokenId(), minute);
        }
        if (periodStart != null) {
            ensureBudgetWindow(policy.tokenId(), periodStart);
        }
        tx.run(em -> {
            if (rated && !takeRate(em, policy, minute, estimate)) {
                throw new GatewayError(429, "rate_limit_exceeded", "rate_limit_exceeded", null, "This key's limit of "
                        + (policy.rpm() != null ? policy.rpm() + " requests" : "") + (policy.rpm() != null
                        && policy.tpm() != null ? " and " : "") + (policy.tpm() != null ? policy.tpm() + " tokens" : "")
                        + " per minute is reached; retry after the minute", true)
                        .retryAfter(Policy.secondsToNextMinute(clock.instant()));
            }
            if (periodStart != null && !reserve(em, policy, periodStart, estimate)) {
                throw quotaExceeded("This key's " + policy.period().wireName() + " budget of "
                        + policy.budgetTokens() + " tokens is used up (this request may take about " + estimate
                        + " tokens)");
            }
        });
        return new Ticket(policy.tokenId(), estimate, minute, rated, periodStart);
    }

    private static GatewayError quotaExceeded(String message) {
        return new GatewayError(429, "insufficient_quota", "insufficient_quota", null, message, false);
    }

    private static boolean takeRate(EntityManager em, Policy policy, Instant minute, long estimate) {
        StringBuilder q = new StringBuilder("update RateWindow w set w.requests = w.requests + 1, "
                + "w.tokens = w.tokens + :e where w.tokenId = :t and w.minuteStart = :m");
        if (policy.rpm() != null) {
            q.append(" and w.requests + 1 <= :rpm");
        }
        if (policy.tpm() != null) {
            q.append(" and w.tokens + :e <= :tpm");
        }
        var update = em.createQuery(q.toString()).setParameter("e", estimate).setParameter("t", policy.tokenId())
                .setParameter("m", minute);
        if (policy.rpm() != null) {
            update.setParameter("rpm", policy.rpm());
        }
        if (policy.tpm() != null) {
            update.setParameter("tpm", policy.tpm().longValue());
        }
        return update.executeUpdate() == 1;
    }

    private static boolean reserve(EntityManager em, Policy policy, Instant periodStart, long estimate) {
        return em.createQuery("update BudgetWindow w set w.reservedTokens = w.reservedTokens + :e, "
                        + "w.version = w.version + 1 where w.tokenId = :t and w.periodStart = :s "
                        + "and w.reservedTokens + w.usedTokens + :e <= :budget")
                .setParameter("e", estimate).setParameter("t", policy.tokenId()).setParameter("s", periodStart)
                .setParameter("budget", policy.budgetTokens()).executeUpdate() == 1;
    }

    /**
     * Settles an admitted request once its response ended: the reservation goes, the tokens it took are used.
     * Never throws; a settlement that cannot be written is logged (no key in it).
     */
    void settle(Call call) {
        Ticket ticket = call.admission;
        if (ticket == null) {
            return;
        }
        call.admission = null;
        long charged = charged(call, ticket.estimate());
        try {
            tx.run(em -> {
                if (ticket.periodStart() != null) {
                    em.createQuery("update BudgetWindow w set w.reservedTokens = w.reservedTokens - :e, "
                                    + "w.usedTokens = w.usedTokens + :c, w.version = w.version + 1 "
                                    + "where w.tokenId = :t and w.periodStart = :s")
                            .setParameter("e", ticket.estimate()).setParameter("c", charged)
                            .setParameter("t", ticket.tokenId()).setParameter("s", ticket.periodStart())
                            .executeUpdate();
                }
                if (ticket.rated() && charged != ticket.estimate()) {
                    em.createQuery("update RateWindow w set w.tokens = w.tokens + :d "
                                    + "where w.tokenId = :t and w.minuteStart = :m")
                            .setParameter("d", charged - ticket.estimate()).setParameter("t", ticket.tokenId())
                            .setParameter("m", ticket.minute()).executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.error("Gateway budget not settled: tokenId={} estimate={} charged={} periodStart={} minute={}",
                    ticket.tokenId(), ticket.estimate(), charged, ticket.periodStart(), ticket.minute(), e);
        }
    }

    /** The real usage; the estimate when the engine answered but reported none; nothing when it never answered. */
    static long charged(Call call, long estimate) {
        if (call.totalTokens != null) {
            return call.totalTokens;
        }
        if (call.promptTokens != null || call.completionTokens != null) {
            return (call.promptTokens == null ? 0 : call.promptTokens)
                    + (call.completionTokens == null ? 0 : call.completionTokens);
        }
        return call.ttftMillis != null ? estimate : 0;
    }

    /** Creates the key's row for the minute if missing (and drops its rows older than an hour). */
    private void ensureRateWindow(long tokenId, Instant minute) {
        boolean exists = tx.readOnly(em -> !em.createQuery("select w.id from RateWindow w where w.tokenId = :t "
                        + "and w.minuteStart = :m", Long.class).setParameter("t", tokenId).setParameter("m", minute)
                .setMaxResults(1).getResultList().isEmpty());
        if (exists) {
            return;
        }
        try {
            tx.run(em -> {
                em.createQuery("delete from RateWindow w where w.tokenId = :t and w.minuteStart < :old")
                        .setParameter("t", tokenId).setParameter("old", minute.minusSeconds(3600)).executeUpdate();
                RateWindow row = new RateWindow();
                row.tokenId = tokenId;
                row.minuteStart = minute;
                em.persist(row);
            });
        } catch (RuntimeException raced) {
            // another request (or replica) created it first: the unique key refused ours
            LOG.debug("Rate window of token {} created concurrently", tokenId);
        }
    }

    private void ensureBudgetWindow(long tokenId, Instant periodStart) {
        boolean exists = tx.readOnly(em -> !em.createQuery("select w.id from BudgetWindow w where w.tokenId = :t "
                        + "and w.periodStart = :s", Long.class).setParameter("t", tokenId)
                .setParameter("s", periodStart).setMaxResults(1).getResultList().isEmpty());
        if (exists) {
            return;
        }
        try {
            tx.run(em -> {
                BudgetWindow row = new BudgetWindow();
                row.tokenId = tokenId;
                row.periodStart = periodStart;
                em.persist(row);
            });
        } catch (RuntimeException raced) {
            LOG.debug("Budget window of token {} created concurrently", tokenId);
        }
    }

    /** The key's current budget window: {@code [reserved, used]}, zeros when none was opened yet. */
    long[] window(long tokenId, Instant periodStart) {
        return tx.readOnly(em -> {
            List<BudgetWindow> rows = em.createQuery("select w from BudgetWindow w where w.tokenId = :t "
                            + "and w.periodStart = :s", BudgetWindow.class).setParameter("t", tokenId)
                    .setParameter("s", periodStart).getResultList();
            return rows.isEmpty() ? new long[] {0, 0}
                    : new long[] {rows.get(0).reservedTokens, rows.get(0).usedTokens};
        });
    }

    Instant now() {
        return clock.instant();
    }
}
