package org.csghub.inference.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final Transactions tx;
    private final Permissions permissions;
    private final ComputeRegistry registry;

    @Activate
    public Directory(@Reference Transactions tx, @Reference Permissions permissions,
                     @Reference ComputeRegistry registry) {
        this.tx = tx;
        this.permissions = permissions;
        this.registry = registry;
    }

    @Override
    public List<Routable> callable(Subject subject) {
        return models(running().stream().filter(e -> allowed(e, subject)).toList(), this::openaiBaseUrl);
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

    private List<EndpointRecord> running() {
        return tx.readOnly(em -> em.createQuery("select e from EndpointRecord e where e.state = :s and e.desired = "
                        + ":d and e.url is not null order by e.id", EndpointRecord.class)
                .setParameter("s", EndpointState.Running.name())
                .setParameter("d", EndpointRecord.Desired.RUN.name()).getResultList());
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
        String base = registry.engine(e.engine).map(x -> x.descriptor().openaiBasePath()).orElse("/v1");
        return e.url + (base == null ? "" : base);
    }

    private static Routable routable(String model, EndpointRecord e, Function<EndpointRecord, String> baseUrl) {
        return new Routable(e.id, model, Endpoints.servedName(e), e.ownerName, e.repoPath(), e.engine, e.state,
                baseUrl.apply(e), e.privateEndpoint);
    }
}
