package org.csghub.inference.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.compute.api.EndpointState;
import org.csghub.inference.api.EndpointDirectory;
import org.csghub.inference.api.Routable;
import org.csghub.persistence.api.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The endpoint table as a router sees it: endpoints that run and have a URL. A model id is the repository path;
 * when several endpoints serve the same repository, each is also reachable as {@code ns/name:<workload>}, and the
 * plain path picks the oldest of those the caller may use.
 */
@Component(service = EndpointDirectory.class)
public class Directory implements EndpointDirectory {

    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(5);
    private static final Duration WAKE_POLL = Duration.ofMillis(250);
    /** How stale the routing table may be for changes made on another replica. */
    private static final long SNAPSHOT_NANOS = Duration.ofMillis(500).toNanos();

    private final Transactions tx;
    private final Permissions permissions;
    private final ComputeRegistry registry;
    private final Endpoints endpoints;
    private final EndpointController controller;
    /** When each endpoint's last request was written, so busy endpoints are not written on every request. */
    private final Map<Long, Instant> touched = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    @Activate
    public Directory(@Reference Transactions tx, @Reference Permissions permissions,
                     @Reference ComputeRegistry registry, @Reference Endpoints endpoints,
                     @Reference EndpointController controller) {
        this.tx = tx;
        this.permissions = permissions;
        this.registry = registry;
        this.endpoints = endpoints;
        this.controller = controller;
    }

    @Override
    public void touch(long id) {
        Instant now = Instant.now();
        Instant last = touched.get(id);
        if (last != null && last.plus(TOUCH_INTERVAL).isAfter(now)) {
            return; // written moments ago: it is awake (an endpoint sleeps after 10 s at the earliest)
        }
        touched.put(id, now);
        if (endpoints.touch(id)) {
            controller.poke(id); // it slept: wake it now rather than on the next pass
        }
    }

    @Override
    public Optional<Routable> awaitRunning(String model, Subject subject, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Routable> found = find(model, subject);
            if (found.isEmpty()) {
                return Optional.empty(); // stopped, failed or deleted meanwhile
            }
            if (found.get().openaiBaseUrl() != null) {
                return found;
            }
            Thread.sleep(WAKE_POLL.toMillis());
        }
        return Optional.empty();
    }

    @Override
    public List<Routable> callable(Subject subject) {
        return models(callableEndpoints().stream().filter(e -> allowed(e, subject)).toList(), this::openaiBaseUrl);
    }

    /** The model ids of these endpoints (in id order): the repository path, plus one per workload when shared. */
    static List<Routable> models(List<EndpointRecord> endpoints, Function<EndpointRecord, String> baseUrl) {
        Map<String, List<EndpointRecord>> byRepo = new LinkedHashMap<>();
        endpoints.forEach(e -> byRepo.computeIfAbsent(e.repoPath(), k -> new ArrayList<>()).add(e));
        List<Routable> models = new ArrayList<>();
        byRepo.forEach((repo, shared) -> {
            models.add(routable(repo, shared.get(0), baseUrl));
            if (shared.size() > 1) {
                shared.forEach(e -> models.add(routable(repo + ":" + e.workload, e, baseUrl)));
            }
        });
        models.sort(Comparator.comparing(Routable::model));
        return models;
    }

    @Override
    public Optional<Routable> find(String model, Subject subject) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        return callable(subject).stream().filter(r -> r.model().equals(model)).findFirst();
    }

    /**
     * Running endpoints with a URL, sleeping ones, and ones waking up (desired to run, scaled to zero before, not
     * yet running). Endpoints deploying for the first time or failed are not callable.
     */
    private List<EndpointRecord> callableEndpoints() {
        Snapshot last = snapshot;
        long now = System.nanoTime();
        long generation = endpoints.generation();
        if (last != null && last.generation() == generation && now - last.takenAt() < SNAPSHOT_NANOS) {
            return last.endpoints();
        }
        List<EndpointRecord> fresh = readCallable();
        snapshot = new Snapshot(now, generation, fresh);
        return fresh;
    }

    /**
     * The routing table, read again when this replica changed an endpoint ({@link Endpoints#generation}) and at
     * least every {@link #SNAPSHOT_NANOS} for changes made by other replicas; requests must not each query it.
     */
    private record Snapshot(long takenAt, long generation, List<EndpointRecord> endpoints) {
    }

    private List<EndpointRecord> readCallable() {
        return tx.readOnly(em -> em.createQuery("select e from EndpointRecord e where e.desired in ('RUN', 'SLEEP') "
                + "order by e.id", EndpointRecord.class).getResultList()).stream()
                .filter(e -> e.desired() == EndpointRecord.Desired.SLEEP
                        || e.state() == EndpointState.Running && e.url != null
                        || e.sleepAfterSeconds > 0 && (e.state() == EndpointState.Deploying
                        || e.state() == EndpointState.Startup || e.state() == EndpointState.Sleeping))
                .toList();
    }

    /**
     * Public endpoints: anyone who authenticated. Private ones: whoever may read the endpoint. The role is
     * evaluated as if the caller held a read token, because an {@code inference}-only token would otherwise be
     * capped to nothing by its scopes (it opens the gateway, not the REST API).
     */
    boolean allowed(EndpointRecord e, Subject subject) {
        if (subject.isAnonymous()) {
            return false;
        }
        if (!e.privateEndpoint) {
            return true;
        }
        Subject reader = new Subject(subject.userId(), subject.username(), subject.organization(),
                subject.siteAdmin(), EnumSet.of(Scope.READ), subject.tokenId(), subject.clientIp(),
                subject.requestId());
        return permissions.can(reader, Action.READ, e.ref());
    }

    private String openaiBaseUrl(EndpointRecord e) {
        if (e.state() != EndpointState.Running || e.url == null || e.desired() != EndpointRecord.Desired.RUN) {
            return null;
        }
        String base = registry.engine(e.engine).map(x -> x.descriptor().openaiBasePath()).orElse("/v1");
        return e.url + (base == null ? "" : base);
    }

    private static Routable routable(String model, EndpointRecord e, Function<EndpointRecord, String> baseUrl) {
        return new Routable(e.id, model, Endpoints.servedName(e), e.ownerName, e.repoPath(), e.engine, e.state,
                baseUrl.apply(e), e.privateEndpoint);
    }
}
