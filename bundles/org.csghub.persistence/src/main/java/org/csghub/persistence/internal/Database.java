package org.csghub.persistence.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.csghub.health.HealthCheck;
import org.csghub.health.HealthStatus;
import org.csghub.persistence.api.EntityContributor;
import org.csghub.persistence.api.PersistenceUnavailableException;
import org.csghub.persistence.api.Transactions;
import org.hibernate.Session;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: a connection pool, the contributors' migrations, and the current session factory over all
 * contributed entities. Nothing here blocks activation; the pool, the migrations and every rebuild run on one
 * background thread, and {@link Transactions} callers wait (bounded) for the first factory. A new contributor
 * or one that leaves triggers a rebuild; the new factory replaces the old atomically and the old one closes
 * when its last transaction ends.
 */
@Component(service = {Transactions.class, HealthCheck.class}, configurationPid = PersistenceConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = HealthCheck.NAME + "=database")
@Designate(ocd = PersistenceConfig.class)
public class Database implements Transactions, HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final PersistenceConfig config;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "csghub-persistence");
        t.setDaemon(true);
        return t;
    });
    private final Map<EntityContributor, Bundle> contributors = new ConcurrentHashMap<>();
    /** Contributors whose migrations ran against this database, by name. */
    private final Set<String> migrated = ConcurrentHashMap.newKeySet();
    private final Object ready = new Object();
    /** Contributor arrivals so far; a factory that covers fewer lacks some bundle's entities. */
    private final java.util.concurrent.atomic.AtomicLong additions = new java.util.concurrent.atomic.AtomicLong();
    private volatile HikariDataSource pool;
    private volatile Generation current;
    private volatile String failure;
    private volatile boolean rebuildQueued;
    /** The pool answers and every contributor's migrations ran: the database is ready even while the
     *  session factory is still being built (transactions wait for it; health need not). */
    private volatile boolean schemaReady;
    private volatile boolean closed;
    /** Consecutive failed builds; the next retry waits 2^n seconds, at most a minute. */
    private int failures;

    @Activate
    public Database(PersistenceConfig config) {
        this.config = config;
        LOG.info("Database {} with up to {} connections", DataSources.redact(config.url()), config.maxPoolSize());
        requestRebuild();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(EntityContributor contributor) {
        contributors.put(contributor, FrameworkUtil.getBundle(contributor.getClass()));
        additions.incrementAndGet();
        requestRebuild();
    }

    void removeContributor(EntityContributor contributor) {
        if (contributors.remove(contributor) != null) {
            requestRebuild();
        }
    }

    @Deactivate
    void deactivate() {
        closed = true;
        worker.shutdownNow();
        Generation last = current;
        current = null;
        if (last != null) {
            last.retire();
        }
        if (pool != null) {
            pool.close();
        }
    }

    /** Coalesces bursts of contributor changes (start-up, a bundle with several) into one rebuild. */
    private void requestRebuild() {
        if (!rebuildQueued && !closed) {
            rebuildQueued = true;
            worker.execute(this::rebuild);
        }
    }

    private void rebuild() {
        rebuildQueued = false;
        try {
            HikariDataSource ds = pool();
            long covered = additions.get();
            List<Map.Entry<EntityContributor, Bundle>> now = new ArrayList<>(contributors.entrySet());
            now.sort(Comparator.comparing(e -> e.getKey().name()));
            for (Map.Entry<EntityContributor, Bundle> e : now) {
                migrate(ds, e.getKey(), e.getValue());
            }
            schemaReady = true;
            long start = System.nanoTime();
            Generation next = new Generation(SessionFactories.build(ds, now, getClass().getClassLoader()),
                    now.stream().map(e -> e.getKey().name()).toList(), covered);
            Generation old = current;
            synchronized (ready) {
                current = next;
                failure = null;
                ready.notifyAll();
            }
            if (old != null) {
                old.retire();
            }
            failures = 0;
            LOG.info("Session factory ready in {} ms for contributors {}",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), next.contributors());
        } catch (RuntimeException | LinkageError e) {
            synchronized (ready) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                ready.notifyAll();
            }
            LOG.error("Database not ready: {}", failure, e);
            retryLater();
        }
    }

    /** A database that is down now may be up later: try again with a growing pause, without any event. */
    private void retryLater() {
        long seconds = Math.min(60, 1L << Math.min(6, failures++));
        try {
            worker.schedule(this::requestRebuild, seconds, TimeUnit.SECONDS);
            LOG.info("Retrying the database in {} s", seconds);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // deactivated meanwhile: nothing to retry
        }
    }

    private HikariDataSource pool() {
        if (pool == null) {
            HikariConfig hc = new HikariConfig();
            hc.setPoolName("csghub");
            hc.setDataSource(DataSources.forUrl(config.url(), config.user(), config._password()));
            hc.setMaximumPoolSize(config.maxPoolSize());
            hc.setMinimumIdle(1);
            hc.setConnectionTimeout(10_000);
            pool = new HikariDataSource(hc);
        }
        return pool;
    }

    private void migrate(HikariDataSource ds, EntityContributor contributor, Bundle bundle) {
        if (migrated.contains(contributor.name())) {
            return;
        }
        int applied = Migrations.apply(ds, contributor.name(), new BundleMigrations(bundle, contributor.migrations()),
                getClass().getClassLoader());
        migrated.add(contributor.name());
        if (applied > 0) {
            LOG.info("Applied {} migration(s) for {}", applied, contributor.name());
        }
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return run(work, false);
    }

    @Override
    public <T> T readOnly(Function<EntityManager, T> work) {
        return run(work, true);
    }

    private <T> T run(Function<EntityManager, T> work, boolean readOnly) {
        Generation generation = enter();
        try (EntityManager em = generation.factory().createEntityManager()) {
            if (readOnly) {
                Session session = em.unwrap(Session.class);
                session.setDefaultReadOnly(true);
                session.setHibernateFlushMode(org.hibernate.FlushMode.MANUAL);
            }
            em.getTransaction().begin();
            try {
                T result = work.apply(em);
                if (readOnly) {
                    em.getTransaction().rollback();
                } else {
                    em.getTransaction().commit();
                }
                return result;
            } catch (RuntimeException | Error e) {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                throw e;
            }
        } finally {
            generation.exit();
        }
    }

    /**
     * The current generation, entered. Waits (bounded) while the database is starting, and while a bundle
     * that just arrived is not in the factory yet: its REST resources may already be called, and its entities
     * must be there when they are. A contributor leaving needs no wait; the old factory serves meanwhile.
     */
    private Generation enter() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.startupWaitMillis());
        while (true) {
            Generation g = current;
            long left = deadline - System.nanoTime();
            if (g != null && (g.additionsCovered() >= additions.get() || left <= 0 || failure != null)) {
                if (g.enter()) {
                    return g;
                }
                continue; // replaced while entering: take the new one
            }
            if (closed || left <= 0) {
                throw new PersistenceUnavailableException(failure != null
                        ? "The database is not available: " + failure
                        : "The database is still starting; retry shortly");
            }
            synchronized (ready) {
                if (current == g) {
                    try {
                        ready.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PersistenceUnavailableException("Interrupted while waiting for the database", e);
                    }
                }
            }
        }
    }

    @Override
    public HealthStatus check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", DataSources.redact(config.url()));
        Generation g = current;
        if (g != null) {
            details.put("contributors", g.contributors());
        }
        HikariDataSource ds = pool;
        HikariPoolMXBean stats = ds == null ? null : ds.getHikariPoolMXBean();
        if (stats != null) {
            details.put("connections", Map.of("active", stats.getActiveConnections(), "idle",
                    stats.getIdleConnections(), "total", stats.getTotalConnections(), "max", config.maxPoolSize()));
        }
        if (failure != null) {
            return HealthStatus.down(failure, details);
        }
        details.put("sessionFactory", g == null ? "building" : "ready");
        if (g == null && !schemaReady) {
            return new HealthStatus(HealthStatus.State.STARTING, "Connecting and migrating", details);
        }
        return HealthStatus.up(details);
    }
}
