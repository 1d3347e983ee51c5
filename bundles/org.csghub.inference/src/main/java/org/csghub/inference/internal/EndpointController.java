package org.csghub.inference.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.ServiceTokens;
import org.csghub.compute.api.Cluster;
import org.csghub.compute.api.ComputeRuntime;
import org.csghub.compute.api.EndpointState;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.HardwareSku;
import org.csghub.compute.api.InferenceEngine;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.Observed;
import org.csghub.compute.api.Placement;
import org.csghub.compute.api.ResourceCatalog;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level-triggered endpoint controller. On every pass, and at once when a runtime reports a change, it takes
 * each endpoint whose lease it holds (or can take: one leader per endpoint across server replicas), makes the
 * runtime match what the owner wants, and writes back what the runtime observes as the endpoint's state, with
 * the reason and the engine's last log lines when it fails. Nothing is kept that a restart would lose: a
 * restarted server re-applies the same specs and the runtimes adopt what still runs.
 */
@Component(service = EndpointController.class, configurationPid = InferenceConfig.PID)
@Designate(ocd = InferenceConfig.class)
public class EndpointController {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointController.class);
    static final String WORKLOAD_PREFIX = "ep-";
    private static final int LOG_LINES = 40;

    private final Transactions tx;
    private final ResourceCatalog catalogue;
    private final ComputeRegistry registry;
    private final Endpoints endpoints;
    private final ServiceTokens tokens;
    private final InferenceConfig config;
    private final String replica;
    private final ScheduledExecutorService loop;
    private final Map<Long, ServiceTokens.IssuedToken> downloadTokens = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    private final Consumer<ComputeRuntime> subscriber = this::subscribe;

    @Activate
    public EndpointController(@Reference Transactions tx, @Reference ResourceCatalog catalogue,
                              @Reference ComputeRegistry registry, @Reference Endpoints endpoints,
                              @Reference ServiceTokens tokens, InferenceConfig config) {
        this.tx = tx;
        this.catalogue = catalogue;
        this.registry = registry;
        this.endpoints = endpoints;
        this.tokens = tokens;
        this.config = config;
        this.replica = config.replicaName().isBlank() ? defaultReplicaName() : config.replicaName();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "csghub-endpoint-controller");
            thread.setDaemon(true);
            return thread;
        });
        registry.onRuntime(subscriber);
        loop.scheduleWithFixedDelay(this::passSafely, 0, Math.max(200, config.reconcileIntervalMillis()),
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        registry.removeListener(subscriber);
        subscriptions.values().forEach(s -> {
            try {
                s.close();
            } catch (Exception ignored) {
                // the runtime is going away
            }
        });
        loop.shutdown(); // not shutdownNow: an interrupt during a database write would close Lite's H2 database
        // running workloads stay: a restarted hub adopts them; leases lapse for other replicas to take over
    }

    /** Reconciles one endpoint soon (after a user's change). */
    void poke(long id) {
        loop.execute(() -> reconcileSafely(id));
    }

    private void subscribe(ComputeRuntime runtime) {
        try {
            subscriptions.put(runtime.name(), runtime.subscribe(workload -> loop.execute(() ->
                    byWorkload(workload).ifPresent(this::reconcileSafely))));
        } catch (RuntimeException e) {
            LOG.warn("Could not subscribe to runtime {}: {}", runtime.name(), e.toString());
        }
    }

    private Optional<Long> byWorkload(String workload) {
        return tx.readOnly(em -> em.createQuery("select e.id from EndpointRecord e where e.workload = :w", Long.class)
                .setParameter("w", workload).getResultStream().findFirst());
    }

    private void passSafely() {
        try {
            List<Long> ids = tx.readOnly(em -> em.createQuery("select e.id from EndpointRecord e order by e.id",
                    Long.class).getResultList());
            ids.forEach(this::reconcileSafely);
            collectOrphans();
        } catch (RuntimeException e) {
            LOG.warn("Endpoint reconcile pass failed: {}", e.toString());
        }
    }

    private void reconcileSafely(long id) {
        try {
            reconcile(id);
        } catch (RuntimeException e) {
            LOG.warn("Reconciling endpoint {} failed: {}", id, e.toString());
        }
    }

    /** Workloads of ours that no endpoint wants any more (deleted while this server was down) are removed. */
    private void collectOrphans() {
        Set<String> known = new HashSet<>(tx.readOnly(em -> em.createQuery(
                "select e.workload from EndpointRecord e", String.class).getResultList()));
        for (ComputeRuntime runtime : registry.runtimes()) {
            for (String workload : runtime.workloads()) {
                if (workload.startsWith(WORKLOAD_PREFIX) && !known.contains(workload)) {
                    LOG.info("Removing workload {} from runtime {}: no endpoint wants it", workload, runtime.name());
                    runtime.remove(workload);
                }
            }
        }
    }

    void reconcile(long id) {
        if (!lease(id)) {
            return;
        }
        EndpointRecord e = tx.readOnly(em -> em.find(EndpointRecord.class, id));
        if (e == null) {
            return;
        }
        Optional<Cluster> cluster = catalogue.cluster(e.clusterId);
        Optional<ComputeRuntime> runtime = cluster.flatMap(c -> registry.runtime(c.runtime()));
        switch (e.desired()) {
            case DELETE -> {
                if (runtime.isEmpty() && cluster.isPresent()) {
                    return; // keep the row until the runtime is back, so nothing keeps running unseen
                }
                runtime.ifPresent(r -> r.remove(e.workload));
                revokeToken(e);
                tx.run(em -> {
                    em.createQuery("delete from EndpointEventRecord v where v.endpointId = :id")
                            .setParameter("id", id).executeUpdate();
                    EndpointRecord row = em.find(EndpointRecord.class, id);
                    if (row != null) {
                        em.remove(row);
                    }
                });
                endpoints.changed();
                LOG.info("Endpoint {} ({}) deleted", id, e.workload);
            }
            case STOP -> {
                runtime.ifPresent(r -> r.remove(e.workload));
                revokeToken(e);
                record(id, EndpointState.Stopped, null, "Stopped", List.of(), null, 0, 0);
            }
            case SLEEP -> {
                runtime.ifPresent(r -> r.remove(e.workload));
                revokeToken(e);
                record(id, EndpointState.Sleeping, "Idle", "Asleep after " + e.sleepAfterSeconds + " s without "
                        + "requests; the next request through the gateway, or start, wakes it", List.of(), null, 0, 0);
            }
            case RUN -> {
                if (idle(e)) {
                    sleep(e);
                } else {
                    run(e, cluster, runtime);
                }
            }
        }
    }

    private void run(EndpointRecord e, Optional<Cluster> cluster, Optional<ComputeRuntime> found) {
        if (cluster.isEmpty()) {
            record(e.id, EndpointState.DeployFailed, "ClusterMissing", "Cluster " + e.clusterId + " no longer exists",
                    List.of(), null, 0, 0);
            return;
        }
        Optional<InferenceEngine> engine = registry.engine(e.engine);
        if (engine.isEmpty()) {
            Observed running = found.map(r -> r.observe(e.workload)).orElse(Observed.absent());
            String message = "Engine " + e.engine + " is not installed (its bundle was removed)";
            if (running.phase() == Observed.Phase.READY) {
                record(e.id, EndpointState.Running, "EngineMissing", message + "; the endpoint keeps running but "
                        + "cannot be restarted or changed until it is back", List.of(), running.url(),
                        running.replicas(), running.readyReplicas());
            } else {
                record(e.id, EndpointState.DeployFailed, "EngineMissing", message, List.of(), null, 0, 0);
            }
            return;
        }
        if (found.isEmpty()) {
            record(e.id, EndpointState.DeployFailed, "RuntimeMissing", "The " + cluster.get().runtime()
                    + " runtime of cluster " + e.clusterId + " is not installed or not configured", List.of(), null,
                    0, 0);
            return;
        }
        ComputeRuntime runtime = found.get();
        LaunchSpec spec;
        try {
            spec = spec(e, cluster.get(), engine.get());
        } catch (IllegalArgumentException | IllegalStateException invalid) {
            record(e.id, EndpointState.DeployFailed, "InvalidSpec", invalid.getMessage(), List.of(), null, 0, 0);
            return;
        }
        try {
            runtime.apply(spec);
        } catch (RuntimeException failed) {
            record(e.id, EndpointState.DeployFailed, "ApplyFailed", "The " + runtime.name() + " runtime refused the "
                    + "endpoint: " + failed.getMessage(), List.of(), null, 0, 0);
            return;
        }
        Observed observed = runtime.observe(e.workload);
        EndpointState state = switch (observed.phase()) {
            case ABSENT, PENDING -> EndpointState.Deploying;
            case STARTING -> EndpointState.Startup;
            case READY -> EndpointState.Running;
            case SCALED_TO_ZERO -> EndpointState.Sleeping;
            case FAILED -> EndpointState.DeployFailed;
            case CRASHED -> EndpointState.RuntimeError;
        };
        List<String> logs = observed.lastLogLines();
        if ((state == EndpointState.RuntimeError || state == EndpointState.DeployFailed) && logs.isEmpty()) {
            logs = runtime.logs(e.workload, LOG_LINES);
        }
        record(e.id, state, observed.reason(), observed.message(), logs, observed.url(), observed.replicas(),
                observed.readyReplicas());
    }

    /** Whether a running endpoint has had no request for its sleep-after time. */
    private static boolean idle(EndpointRecord e) {
        return e.sleepAfterSeconds > 0 && e.state() == EndpointState.Running
                && e.lastActiveAt.plusSeconds(e.sleepAfterSeconds).isBefore(Instant.now());
    }

    /** Scale to zero: the desire becomes SLEEP (unless a request or the owner changed it meanwhile). */
    private void sleep(EndpointRecord e) {
        boolean asleep = tx.inTransaction(em -> em.createQuery("update EndpointRecord e set e.desired = 'SLEEP' "
                        + "where e.id = :id and e.desired = 'RUN' and e.lastActiveAt = :active")
                .setParameter("id", e.id).setParameter("active", e.lastActiveAt).executeUpdate()) == 1;
        if (asleep) {
            endpoints.changed();
            LOG.info("Endpoint {} ({}) idle for {} s: going to sleep", e.id, e.workload, e.sleepAfterSeconds);
            reconcile(e.id);
        }
    }

    private LaunchSpec spec(EndpointRecord e, Cluster cluster, InferenceEngine engine) {
        HardwareSku sku = catalogue.resource(e.resourceId).orElseThrow(() ->
                new IllegalStateException("Resource " + e.resourceId + " no longer exists"));
        String computeType = catalogue.computeType(sku).orElseThrow(() -> new IllegalStateException(
                "The accelerator of resource " + sku.name() + " is not installed"));
        Placement placement = catalogue.placement(sku);
        EngineDescriptor d = engine.descriptor();
        boolean local = "local".equals(cluster.runtime());
        String image = local ? null : engine.image(computeType).map(i -> i.image()).orElseThrow(() ->
                new IllegalStateException("Engine " + d.name() + " has no image for " + computeType));
        List<String> arguments = engine.arguments(endpoints.args(e));
        ServiceTokens.IssuedToken token = downloadToken(e);
        LaunchSpec.ModelSource model = new LaunchSpec.ModelSource(config.hubUrl(), e.repoPath(), e.commitId,
                token == null ? null : token.secret(), Endpoints.servedName(e));
        return new LaunchSpec(e.workload, d, image, arguments, Map.of(), model,
                new LaunchSpec.Resources(sku.cpu(), sku.memoryMiB(), placement, computeType), e.minReplicas,
                e.maxReplicas, Map.of("csghub.io/endpoint", String.valueOf(e.id), "csghub.io/owner", e.ownerName),
                null);
    }

    /** The endpoint's model-download token, renewed at half its life; {@code null} when it cannot be issued. */
    private ServiceTokens.IssuedToken downloadToken(EndpointRecord e) {
        Duration ttl = Duration.ofMinutes(Math.max(2, config.downloadTokenMinutes()));
        ServiceTokens.IssuedToken current = downloadTokens.get(e.id);
        if (current != null && Instant.now().plus(ttl.dividedBy(2)).isBefore(current.expiresAt())) {
            return current;
        }
        try {
            ServiceTokens.IssuedToken fresh = tokens.issue(e.ownerId, "endpoint " + e.workload + " model download",
                    Set.of(Scope.READ), ttl);
            downloadTokens.put(e.id, fresh);
            if (current != null) {
                tokens.revoke(e.ownerId, current.id());
            }
            return fresh;
        } catch (RuntimeException failed) {
            LOG.warn("Could not issue the model-download token of endpoint {}: {}", e.id, failed.toString());
            return current;
        }
    }

    private void revokeToken(EndpointRecord e) {
        ServiceTokens.IssuedToken token = downloadTokens.remove(e.id);
        if (token != null) {
            tokens.revoke(e.ownerId, token.id());
        }
    }

    /** Writes what was observed; a change of state or reason becomes an event. */
    private void record(long id, EndpointState state, String reason, String message, List<String> logs, String url,
                        int replicas, int ready) {
        boolean written = Endpoints.retried(() -> tx.inTransaction(em -> {
            EndpointRecord row = em.find(EndpointRecord.class, id);
            if (row == null || row.desired() == EndpointRecord.Desired.DELETE && state != EndpointState.Stopped) {
                return false;
            }
            boolean changed = !row.state.equals(state.name()) || !java.util.Objects.equals(row.reason, reason);
            String tail = logs.isEmpty() ? null : String.join("\n", logs);
            if (tail != null && tail.length() > 8000) {
                tail = tail.substring(tail.length() - 8000);
            }
            if (!changed && java.util.Objects.equals(row.url, url) && row.replicas == replicas
                    && row.readyReplicas == ready && java.util.Objects.equals(row.message, cut(message))
                    && (tail == null || tail.equals(row.logTail))) {
                return false;
            }
            Instant now = Instant.now();
            if (changed) {
                row.stateSince = now;
                LOG.info("Endpoint {} ({}): {} -> {}{}", id, row.workload, row.state, state,
                        reason == null ? "" : " (" + reason + ")");
            }
            row.state = state.name();
            row.reason = reason;
            row.message = cut(message);
            if (tail != null || state == EndpointState.Running || state == EndpointState.Stopped) {
                row.logTail = tail;
            }
            row.url = url;
            row.replicas = replicas;
            row.readyReplicas = ready;
            row.updatedAt = now;
            if (changed) {
                Endpoints.event(em, row, state.name(), message);
            }
            return true;
        }));
        if (written) {
            endpoints.changed(); // routing caches re-read the table
        }
    }

    private static String cut(String message) {
        return message == null || message.length() <= 2000 ? message : message.substring(0, 2000);
    }

    /** Takes or renews this replica's lease on the endpoint; false when another replica holds it. */
    private boolean lease(long id) {
        Instant now = Instant.now();
        int updated = tx.inTransaction(em -> em.createQuery("update EndpointRecord e set e.leader = :me, "
                        + "e.leaseUntil = :until where e.id = :id and (e.leader is null or e.leader = :me "
                        + "or e.leaseUntil < :now)")
                .setParameter("me", replica).setParameter("until", now.plusSeconds(Math.max(5, config.leaseSeconds())))
                .setParameter("id", id).setParameter("now", now).executeUpdate());
        return updated == 1;
    }

    private static String defaultReplicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        String name = host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
