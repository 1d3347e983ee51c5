package org.csghub.accounts.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.function.LongSupplier;
import org.csghub.accounts.api.RateLimiter;
import org.csghub.accounts.api.Subject;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Token buckets in {@code accounts_rate_bucket}, so every replica on the database draws from the same bucket:
 * each take locks the bucket's row ({@code select ... for update}), refills it for the time passed and takes
 * one request, in one short transaction.
 */
@Component(service = {RateLimiter.class, DbRateLimiter.class}, configurationPid = AccountsConfig.PID)
public class DbRateLimiter implements RateLimiter {

    private final Transactions tx;
    private final LongSupplier clock;
    private volatile Plans plans;

    @Activate
    public DbRateLimiter(@Reference Transactions tx, AccountsConfig config) {
        this(tx, config, System::currentTimeMillis);
    }

    DbRateLimiter(Transactions tx, AccountsConfig config, LongSupplier clock) {
        this.tx = tx;
        this.clock = clock;
        this.plans = Plans.of(config);
    }

    @Modified
    void modified(AccountsConfig config) {
        this.plans = Plans.of(config);
    }

    boolean enabled() {
        return plans.enabled;
    }

    @Override
    public Plan planFor(Subject subject) {
        Plans current = plans;
        if (subject.siteAdmin()) {
            return current.admin;
        }
        if (subject.isUser()) {
            return current.user;
        }
        return subject.isOrganizationKey() ? current.organization : current.anonymous;
    }

    @Override
    public Decision tryAcquire(String key, Plan plan) {
        String bucket = plan.name() + ":" + key;
        try {
            return tx.inTransaction(em -> take(em, bucket, plan));
        } catch (PersistenceException firstUseRace) {
            // two replicas created the same bucket at once; the row exists now
            return tx.inTransaction(em -> take(em, bucket, plan));
        }
    }

    private Decision take(EntityManager em, String bucket, Plan plan) {
        long now = clock.getAsLong();
        List<?> rows = em.createNativeQuery("select tokens, updated_ms from accounts_rate_bucket where bucket_key = ?1"
                + " for update").setParameter(1, bucket).getResultList();
        if (rows.isEmpty()) {
            double left = plan.capacity() - 1;
            em.createNativeQuery("insert into accounts_rate_bucket (bucket_key, tokens, updated_ms) values (?1, ?2, ?3)")
                    .setParameter(1, bucket).setParameter(2, left).setParameter(3, now).executeUpdate();
            em.flush();
            return new Decision(true, left, 0);
        }
        Object[] row = (Object[]) rows.get(0);
        double tokens = ((Number) row[0]).doubleValue();
        long updated = ((Number) row[1]).longValue();
        double refilled = Math.min(plan.capacity(), tokens + Math.max(0, now - updated) / 1000.0 * plan.refillPerSecond());
        boolean allowed = refilled >= 1;
        double left = allowed ? refilled - 1 : refilled;
        em.createNativeQuery("update accounts_rate_bucket set tokens = ?1, updated_ms = ?2 where bucket_key = ?3")
                .setParameter(1, left).setParameter(2, Math.max(now, updated)).setParameter(3, bucket).executeUpdate();
        long wait = allowed ? 0 : (long) Math.ceil((1 - left) / plan.refillPerSecond());
        return new Decision(allowed, left, Math.max(allowed ? 0 : 1, wait));
    }

    /** The configured plans, parsed from {@code capacity/refillPerSecond}. */
    record Plans(boolean enabled, Plan anonymous, Plan user, Plan admin, Plan organization) {
        static Plans of(AccountsConfig config) {
            return new Plans(config.rateLimitEnabled(), parse("anonymous", config.rateAnonymous()),
                    parse("user", config.rateUser()), parse("admin", config.rateAdmin()),
                    parse("organization", config.rateOrganization()));
        }

        static Plan parse(String name, String spec) {
            String[] parts = spec.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("rate plan " + name + " must be capacity/refillPerSecond, not " + spec);
            }
            return new Plan(name, Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
        }
    }
}
