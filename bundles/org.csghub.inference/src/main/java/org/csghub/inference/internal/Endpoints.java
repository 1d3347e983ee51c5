package org.csghub.inference.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.compute.api.Cluster;
import org.csghub.compute.api.EndpointState;
import org.csghub.compute.api.HardwareSku;
import org.csghub.compute.api.InferenceEngine;
import org.csghub.compute.api.ModelProfile;
import org.csghub.compute.api.OperationType;
import org.csghub.compute.api.ResourceCatalog;
import org.csghub.persistence.api.Transactions;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;
import org.csghub.repo.api.Repositories;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What users do to endpoints: create, change, stop, start, delete. Each call checks the request and the
 * endpoint's state and records what the owner wants; the {@link EndpointController} makes it so.
 */
@Component(service = Endpoints.class)
public class Endpoints {

    static final String MODEL_TYPE = "model";
    private static final String NAME = "[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}";
    private static final TypeReference<LinkedHashMap<String, String>> ARGS = new TypeReference<>() { };

    private final Transactions tx;
    private final Permissions permissions;
    private final Repositories repositories;
    private final RepoContent content;
    private final ResourceCatalog catalogue;
    private final ComputeRegistry registry;
    private final ModelProfiler profiler;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    /** Bumped on every change this replica makes to an endpoint, so routing caches know when to re-read. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    @Activate
    public Endpoints(@Reference Transactions tx, @Reference Permissions permissions,
                     @Reference Repositories repositories, @Reference RepoContent content, @Reference LfsStore lfs,
                     @Reference ResourceCatalog catalogue, @Reference ComputeRegistry registry) {
        this.tx = tx;
        this.permissions = permissions;
        this.repositories = repositories;
        this.content = content;
        this.catalogue = catalogue;
        this.registry = registry;
        this.profiler = new ModelProfiler(content, lfs, json);
    }

    /** The body of a create or change; absent fields keep their value (or take the default on create). */
    public record EndpointRequest(String name, String engine, Map<String, String> engineArgs, Long resourceId,
                                  Integer minReplicas, Integer maxReplicas, String revision, String visibility,
                                  Integer sleepAfterSeconds) {
    }

    /** An engine as offered for a model. */
    public record EngineMatch(String name, String displayName, boolean supported) {
    }

    /** Changes so far made here (see {@link #changed}). */
    long generation() {
        return generation.get();
    }

    /** Records that an endpoint changed (desire, state, URL), for caches of the endpoint table. */
    void changed() {
        generation.incrementAndGet();
    }

    // ---- reads

    Repo model(String namespace, String name, Subject subject) {
        Repo repo = repositories.find(MODEL_TYPE, namespace, name)
                .orElseThrow(() -> ApiException.notFound("Model " + namespace + "/" + name + " not found"));
        permissions.require(subject, Action.READ, repo.ref());
        return repo;
    }

    /** The profile of a model revision and which installed engines serve it. */
    Map<String, Object> engines(Repo repo, String revision) {
        String commit = content.resolve(repo, revision == null ? repo.defaultBranch() : revision);
        ModelProfile profile = profile(repo, commit);
        List<EngineMatch> matches = registry.engines().stream()
                .map(e -> new EngineMatch(e.descriptor().name(), e.descriptor().displayName(), e.supports(profile)))
                .toList();
        return Map.of("commit", commit, "format", profile.format(), "architectures", profile.architectures(),
                "engines", matches);
    }

    List<EndpointView> list(Repo repo, Subject subject) {
        return tx.readOnly(em -> em.createQuery("select e from EndpointRecord e where e.repoId = :r and e.desired <> "
                        + "'DELETE' order by e.id", EndpointRecord.class).setParameter("r", repo.id()).getResultList())
                .stream().filter(e -> permissions.can(subject, Action.READ, e.ref())).map(this::view).toList();
    }

    List<EndpointView> mine(Subject subject) {
        if (!subject.isUser()) {
            return List.of();
        }
        return tx.readOnly(em -> em.createQuery("select e from EndpointRecord e where e.ownerId = :o and e.desired <> "
                        + "'DELETE' order by e.id", EndpointRecord.class).setParameter("o", subject.userId())
                .getResultList()).stream().map(this::view).toList();
    }

    /** The endpoint, which the subject must be allowed to {@code action}; 404 for those who may not see it. */
    EndpointRecord require(Repo repo, long id, Subject subject, Action action) {
        EndpointRecord row = tx.readOnly(em -> Optional.ofNullable(em.find(EndpointRecord.class, id)))
                .filter(e -> e.repoId == repo.id() && e.desired() != EndpointRecord.Desired.DELETE)
                .orElseThrow(() -> ApiException.notFound("Endpoint " + id + " not found"));
        permissions.require(subject, action, row.ref());
        return row;
    }

    List<EndpointEventRecord.Event> events(long id) {
        return tx.readOnly(em -> em.createQuery("select v from EndpointEventRecord v where v.endpointId = :e "
                        + "order by v.id", EndpointEventRecord.class).setParameter("e", id).getResultList())
                .stream().map(EndpointEventRecord::view).toList();
    }

    // ---- changes

    EndpointView create(Repo repo, EndpointRequest request, Subject subject) {
        if (!subject.isUser()) {
            throw new AccessDeniedException(subject.isAnonymous() ? 401 : 403,
                    subject.isAnonymous() ? "unauthorized" : "forbidden",
                    "Endpoints belong to users: sign in or use a personal token");
        }
        if (!subject.hasScope(org.csghub.accounts.api.Scope.WRITE) && !subject.hasScope(
                org.csghub.accounts.api.Scope.ADMIN)) {
            throw new AccessDeniedException(403, "forbidden", "Deploying needs a token with the write scope");
        }
        EndpointRequest r = required(request);
        String name = r.name() == null || r.name().isBlank() ? repo.name() : r.name().trim();
        if (!name.matches(NAME)) {
            throw invalid("name", "name: 1-64 letters, digits, '.', '_' or '-'");
        }
        if (r.engine() == null || r.engine().isBlank()) {
            throw invalid("engine", "engine is required; installed: " + engineNames());
        }
        InferenceEngine engine = engine(r.engine());
        String revision = r.revision() == null || r.revision().isBlank() ? repo.defaultBranch() : r.revision();
        if (repo.headCommit() == null) {
            throw invalid("revision", "The model " + repo.path() + " has no files yet; upload them first");
        }
        String commit = content.resolve(repo, revision);
        ModelProfile profile = profile(repo, commit);
        if (!engine.supports(profile)) {
            List<String> fitting = registry.engines().stream().filter(e -> e.supports(profile))
                    .map(e -> e.descriptor().name()).toList();
            throw invalid("engine", "Engine " + r.engine() + " does not serve this model (format " + profile.format()
                    + ", architectures " + profile.architectures() + "); engines that do: " + fitting);
        }
        if (r.resourceId() == null) {
            throw invalid("resourceId", "resourceId is required (GET /api/v1/resources?type=deployment)");
        }
        HardwareSku sku = resource(r.resourceId());
        Cluster cluster = checkPlacement(engine, sku);
        Map<String, String> args = r.engineArgs() == null ? Map.of() : r.engineArgs();
        arguments(engine, args);
        int min = r.minReplicas() == null ? 1 : r.minReplicas();
        int max = r.maxReplicas() == null ? Math.max(1, min) : r.maxReplicas();
        replicas(min, max);
        boolean privateEndpoint = visibility(r.visibility() == null ? "private" : r.visibility());
        int sleepAfter = sleepAfter(r.sleepAfterSeconds() == null ? 0 : r.sleepAfterSeconds());
        Instant now = Instant.now();
        EndpointRecord row = new EndpointRecord();
        row.workload = workloadName();
        row.name = name;
        row.ownerId = subject.userId();
        row.ownerName = subject.username();
        row.repoId = repo.id();
        row.repoType = repo.type();
        row.repoNamespace = repo.namespace();
        row.repoName = repo.name();
        row.revision = revision;
        row.commitId = commit;
        row.engine = engine.descriptor().name();
        row.engineArgs = write(args);
        row.clusterId = cluster.id();
        row.resourceId = sku.id();
        row.minReplicas = min;
        row.maxReplicas = max;
        row.privateEndpoint = privateEndpoint;
        row.sleepAfterSeconds = sleepAfter;
        row.lastActiveAt = now;
        row.desired = EndpointRecord.Desired.RUN.name();
        row.state = EndpointState.Deploying.name();
        row.message = "Created by " + subject.username();
        row.createdAt = now;
        row.updatedAt = now;
        row.stateSince = now;
        tx.run(em -> {
            em.persist(row);
            em.flush();
            event(em, row, "Created", row.message);
        });
        changed();
        return view(row);
    }

    EndpointView update(Repo repo, long id, EndpointRequest request, Subject subject) {
        EndpointRequest r = required(request);
        EndpointRecord current = require(repo, id, subject, Action.WRITE);
        EndpointState state = current.state();
        if (!state.allows(EndpointState.Action.UPDATE)) {
            throw conflict(current, "update");
        }
        boolean hardware = (r.engine() != null && !r.engine().equals(current.engine))
                || (r.resourceId() != null && r.resourceId() != current.resourceId)
                || (r.revision() != null && !r.revision().equals(current.revision));
        if (hardware && !state.allowsResourceChange()) {
            throw new ApiException(409, "invalid_state", "The engine, resource and revision change only while the "
                    + "endpoint is stopped; it is " + state, Map.of("state", state.name()));
        }
        InferenceEngine engine = engine(r.engine() != null ? r.engine() : current.engine);
        String revision = r.revision() != null ? r.revision() : current.revision;
        String commit = r.revision() != null ? content.resolve(repo, revision) : current.commitId;
        if (r.engine() != null || r.revision() != null) {
            ModelProfile profile = profile(repo, commit);
            if (!engine.supports(profile)) {
                throw invalid("engine", "Engine " + engine.descriptor().name() + " does not serve this model (format "
                        + profile.format() + ", architectures " + profile.architectures() + ")");
            }
        }
        HardwareSku sku = resource(r.resourceId() != null ? r.resourceId() : current.resourceId);
        Cluster cluster = checkPlacement(engine, sku);
        Map<String, String> args = r.engineArgs() != null ? r.engineArgs() : args(current);
        arguments(engine, args);
        int min = r.minReplicas() != null ? r.minReplicas() : current.minReplicas;
        int max = r.maxReplicas() != null ? r.maxReplicas() : Math.max(current.maxReplicas, Math.max(1, min));
        replicas(min, max);
        Boolean privateEndpoint = r.visibility() == null ? null : visibility(r.visibility());
        Integer sleepAfter = r.sleepAfterSeconds() == null ? null : sleepAfter(r.sleepAfterSeconds());
        if (r.name() != null && !r.name().matches(NAME)) {
            throw invalid("name", "name: 1-64 letters, digits, '.', '_' or '-'");
        }
        EndpointRecord changed = tx.inTransaction(em -> {
            EndpointRecord row = em.find(EndpointRecord.class, id);
            if (row.version != current.version) {
                throw ApiException.conflict("Endpoint " + id + " changed meanwhile; read it again");
            }
            row.name = r.name() != null ? r.name() : row.name;
            row.engine = engine.descriptor().name();
            row.revision = revision;
            row.commitId = commit;
            row.resourceId = sku.id();
            row.clusterId = cluster.id();
            row.engineArgs = write(args);
            row.minReplicas = min;
            row.maxReplicas = max;
            row.privateEndpoint = privateEndpoint != null ? privateEndpoint : row.privateEndpoint;
            row.sleepAfterSeconds = sleepAfter != null ? sleepAfter : row.sleepAfterSeconds;
            row.updatedAt = Instant.now();
            row.lastActiveAt = row.updatedAt;
            event(em, row, "Updated", "Settings changed by " + subject.getName());
            return row;
        });
        changed();
        return view(changed);
    }

    EndpointView stop(Repo repo, long id, Subject subject) {
        return desire(repo, id, subject, EndpointState.Action.STOP, EndpointRecord.Desired.STOP, null);
    }

    EndpointView start(Repo repo, long id, Subject subject) {
        return desire(repo, id, subject, EndpointState.Action.START, EndpointRecord.Desired.RUN,
                EndpointState.Deploying);
    }

    /** Wakes a sleeping endpoint (CSGHub's {@code wakeup}); like start, but only from Sleeping. */
    EndpointView wakeup(Repo repo, long id, Subject subject) {
        EndpointRecord current = require(repo, id, subject, Action.WRITE);
        if (current.state() != EndpointState.Sleeping) {
            throw new ApiException(409, "invalid_state", "Only a sleeping endpoint wakes up; it is " + current.state,
                    Map.of("state", current.state));
        }
        return start(repo, id, subject);
    }

    /**
     * Records a request to the endpoint (the gateway calls this) and wakes it if it sleeps.
     *
     * @return whether it was asleep
     */
    boolean touch(long id) {
        boolean woke = retried(() -> tx.inTransaction(em -> {
            EndpointRecord row = em.find(EndpointRecord.class, id);
            if (row == null) {
                return false;
            }
            row.lastActiveAt = Instant.now();
            if (row.desired() == EndpointRecord.Desired.SLEEP) {
                row.desired = EndpointRecord.Desired.RUN.name();
                row.state = EndpointState.Deploying.name();
                row.reason = null;
                row.message = "Woken by a request";
                row.stateSince = row.lastActiveAt;
                event(em, row, "Waking", row.message);
                return true;
            }
            return false;
        }));
        if (woke) {
            changed();
        }
        return woke;
    }

    void delete(Repo repo, long id, Subject subject) {
        desire(repo, id, subject, EndpointState.Action.DELETE, EndpointRecord.Desired.DELETE, null);
    }

    private EndpointView desire(Repo repo, long id, Subject subject, EndpointState.Action action,
                                EndpointRecord.Desired desired, EndpointState next) {
        EndpointRecord current = require(repo, id, subject, Action.WRITE);
        if (!current.state().allows(action)) {
            throw conflict(current, action.name().toLowerCase(Locale.ROOT));
        }
        EndpointRecord changed = retried(() -> tx.inTransaction(em -> {
            EndpointRecord row = em.find(EndpointRecord.class, id);
            row.desired = desired.name();
            row.updatedAt = Instant.now();
            if (desired == EndpointRecord.Desired.RUN) {
                row.lastActiveAt = row.updatedAt;
            }
            if (next != null && row.state() != next) {
                row.state = next.name();
                row.reason = null;
                row.message = null;
                row.logTail = null;
                row.stateSince = row.updatedAt;
            }
            String what = switch (action) {
                case STOP -> "Stop requested";
                case START -> "Start requested";
                case DELETE -> "Delete requested";
                case UPDATE -> "Updated";
            };
            event(em, row, what, "By " + subject.getName());
            return row;
        }));
        changed();
        return view(changed);
    }

    // ---- helpers

    /**
     * Runs a change again when the controller wrote the same row meanwhile (optimistic locking): a user's stop or
     * start must not fail because the endpoint's state was being updated.
     */
    static <T> T retried(java.util.function.Supplier<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.get();
            } catch (RuntimeException e) {
                if (attempt >= 5 || !staleRow(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean staleRow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t.getClass().getName().equals("org.hibernate.StaleObjectStateException")
                    || t.getClass().getName().equals("org.hibernate.StaleStateException")) {
                return true;
            }
        }
        return false;
    }

    /** {@code ep-} and 8 base-36 characters: a DNS label, unique in practice (the column is unique anyway). */
    private String workloadName() {
        StringBuilder name = new StringBuilder("ep-");
        for (int i = 0; i < 8; i++) {
            name.append(Character.forDigit(random.nextInt(36), 36));
        }
        return name.toString();
    }

    EndpointView view(EndpointRecord e) {
        EndpointState state = e.state();
        String base = registry.engine(e.engine).map(x -> x.descriptor().openaiBasePath()).orElse("/v1");
        return new EndpointView(e.id, e.name, e.workload, e.ownerName, e.repoPath(), e.revision, e.commitId, e.engine,
                args(e), e.clusterId, e.resourceId, e.minReplicas, e.maxReplicas,
                e.privateEndpoint ? "private" : "public", state.name(), e.reason, e.message,
                state.actions().stream().sorted().map(a -> a.name().toLowerCase(Locale.ROOT)).toList(), e.replicas,
                e.readyReplicas, e.url, e.url == null ? null : e.url + (base == null ? "" : base), servedName(e),
                e.logTail == null ? List.of() : Arrays.asList(e.logTail.split("\n")), e.sleepAfterSeconds,
                e.lastActiveAt, e.createdAt, e.updatedAt, e.stateSince);
    }

    /** The model name the engine announces and clients send: the repository path. */
    static String servedName(EndpointRecord e) {
        return e.repoPath();
    }

    Map<String, String> args(EndpointRecord e) {
        try {
            return json.readValue(e.engineArgs, ARGS);
        } catch (JsonProcessingException broken) {
            throw new IllegalStateException("engine arguments of endpoint " + e.id + " are not JSON", broken);
        }
    }

    static void event(EntityManager em, EndpointRecord row, String state, String message) {
        EndpointEventRecord event = new EndpointEventRecord();
        event.endpointId = row.id;
        event.at = Instant.now();
        event.state = state;
        event.reason = row.reason;
        event.message = message == null ? null : message.length() > 2000 ? message.substring(0, 2000) : message;
        event.logTail = row.state().allowsResourceChange() ? row.logTail : null; // failures keep their lines
        em.persist(event);
    }

    private ModelProfile profile(Repo repo, String commit) {
        try {
            return profiler.profile(repo, commit);
        } catch (IOException e) {
            throw new ApiException(503, "storage_unavailable", "Could not read the model's files: " + e.getMessage());
        }
    }

    private InferenceEngine engine(String name) {
        return registry.engine(name).orElseThrow(() -> invalid("engine", "Engine " + name
                + " is not installed; installed: " + engineNames()));
    }

    private List<String> engineNames() {
        return registry.engines().stream().map(e -> e.descriptor().name()).toList();
    }

    private HardwareSku resource(long id) {
        HardwareSku sku = catalogue.resource(id).filter(HardwareSku::enabled)
                .orElseThrow(() -> invalid("resourceId", "No resource " + id));
        if (!sku.operations().contains(OperationType.DEPLOYMENT)) {
            throw invalid("resourceId", "Resource " + sku.name() + " is not for deployments");
        }
        return sku;
    }

    private Cluster checkPlacement(InferenceEngine engine, HardwareSku sku) {
        Cluster cluster = catalogue.cluster(sku.clusterId()).filter(Cluster::enabled)
                .orElseThrow(() -> invalid("resourceId", "The cluster of resource " + sku.name() + " is disabled"));
        String computeType = catalogue.computeType(sku).orElseThrow(() -> invalid("resourceId",
                "The accelerator of resource " + sku.name() + " is not installed"));
        boolean local = "local".equals(cluster.runtime());
        if (local && engine.descriptor().localCommand().isEmpty()) {
            throw invalid("engine", "Engine " + engine.descriptor().name() + " does not run on " + cluster.id()
                    + " (local processes); it needs a container cluster");
        }
        if (!local && engine.image(computeType).isEmpty()) {
            throw invalid("resourceId", "Engine " + engine.descriptor().name() + " has no image for " + computeType
                    + " resources");
        }
        return cluster;
    }

    private static void arguments(InferenceEngine engine, Map<String, String> args) {
        try {
            engine.arguments(args);
        } catch (IllegalArgumentException e) {
            throw invalid("engineArgs", e.getMessage());
        }
    }

    private static void replicas(int min, int max) {
        if (min < 0 || max < Math.max(1, min) || max > 64) {
            throw invalid("maxReplicas", "replicas: 0 <= minReplicas <= maxReplicas, 1 <= maxReplicas <= 64");
        }
    }

    private static int sleepAfter(int seconds) {
        if (seconds != 0 && (seconds < 10 || seconds > 7 * 24 * 3600)) {
            throw invalid("sleepAfterSeconds", "sleepAfterSeconds: 0 (never) or 10 to 604800");
        }
        return seconds;
    }

    private static boolean visibility(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "private" -> true;
            case "public" -> false;
            default -> throw invalid("visibility", "visibility must be public or private");
        };
    }

    private String write(Map<String, String> args) {
        try {
            return json.writeValueAsString(new java.util.TreeMap<>(args));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException conflict(EndpointRecord row, String action) {
        return new ApiException(409, "invalid_state", "Cannot " + action + " an endpoint that is " + row.state
                + "; allowed: " + row.state().actions(), Map.of("state", row.state));
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_field", message, Map.of("field", field));
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("invalid_body", "A JSON body is required");
        }
        return body;
    }
}
