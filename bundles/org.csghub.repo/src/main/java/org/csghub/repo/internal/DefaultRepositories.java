package org.csghub.repo.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.ResourceGrants;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.ResourceResolver;
import org.csghub.accounts.api.Role;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.UserDirectory;
import org.csghub.accounts.api.Visibility;
import org.csghub.persistence.api.Transactions;
import org.csghub.repo.api.CardField;
import org.csghub.repo.api.ContentUpdate;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoEvent;
import org.csghub.repo.api.RepoListener;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.repo.api.RepoChanges;
import org.csghub.repo.api.RepoPage;
import org.csghub.repo.api.RepoQuery;
import org.csghub.repo.api.RepoSpec;
import org.csghub.rest.ApiException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry: repositories of the installed types, their card metadata, facets, likes and relations. Tracks the
 * {@link RepoType} services (registering a {@link ResourceResolver} for each, so collaborators can be added to its
 * repositories) and tells the {@link RepoListener}s what happened, after the change is committed.
 */
@Component(service = {Repositories.class, DefaultRepositories.class})
public class DefaultRepositories implements Repositories {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultRepositories.class);
    /** card relations that make up the model tree, after the card's base_model_relation */
    static final Set<String> TREE_RELATIONS = Set.of("finetune", "adapter", "quantized", "merge");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Transactions tx;
    private final Permissions permissions;
    private final UserDirectory users;
    private final ResourceGrants grants;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, RepoType> types = new ConcurrentHashMap<>();
    private final Map<String, ServiceRegistration<ResourceResolver>> resolvers = new ConcurrentHashMap<>();
    private final List<RepoListener> listeners = new CopyOnWriteArrayList<>();
    private volatile BundleContext context;

    /** Bind methods run after the constructor (DS 1.4), so the context is there when types arrive. */
    @Activate
    public DefaultRepositories(BundleContext context, @Reference Transactions tx, @Reference Permissions permissions,
                               @Reference UserDirectory users, @Reference ResourceGrants grants) {
        this.context = context;
        this.grants = grants;
        this.tx = tx;
        this.permissions = permissions;
        this.users = users;
    }

    @Deactivate
    void deactivate() {
        context = null;
        resolvers.values().forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        });
        resolvers.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRepoType(RepoType type) {
        types.put(type.name(), type);
        registerResolver(type);
        LOG.info("repository type {} (/{}) installed", type.name(), type.segment());
    }

    void unbindRepoType(RepoType type) {
        types.remove(type.name(), type);
        ServiceRegistration<ResourceResolver> reg = resolvers.remove(type.name());
        if (reg != null) {
            try {
                reg.unregister();
            } catch (IllegalStateException ignored) {
                // already gone
            }
        }
        LOG.info("repository type {} removed", type.name());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRepoListener(RepoListener listener) {
        listeners.add(listener);
    }

    void unbindRepoListener(RepoListener listener) {
        listeners.remove(listener);
    }

    private void registerResolver(RepoType type) {
        BundleContext ctx = context;
        if (ctx == null || resolvers.containsKey(type.name())) {
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ResourceResolver.KIND, type.name());
        String kind = type.name();
        resolvers.put(kind, ctx.registerService(ResourceResolver.class,
                (namespace, name) -> find(kind, namespace, name).map(Repo::ref), props));
    }

    ResourceGrants grants() {
        return grants;
    }

    // --- Repositories

    @Override
    public Collection<RepoType> types() {
        return List.copyOf(types.values());
    }

    @Override
    public Optional<RepoType> typeForSegment(String segment) {
        return types.values().stream().filter(t -> t.segment().equals(segment)).findFirst();
    }

    @Override
    public Optional<Repo> find(String type, String namespace, String name) {
        if (type == null || namespace == null || name == null || !types.containsKey(type)) {
            return Optional.empty();
        }
        String key = RepoRecord.key(type, namespace, name);
        return tx.readOnly(em -> em.createQuery("select r from RepoRecord r where r.pathKey = :k", RepoRecord.class)
                .setParameter("k", key).getResultStream().findFirst().map(this::toRepo));
    }

    @Override
    public Optional<Repo> find(long id) {
        return tx.readOnly(em -> Optional.ofNullable(em.find(RepoRecord.class, id)).map(this::toRepo));
    }

    @Override
    public Repo contentChanged(ContentUpdate update) {
        Repo repo = tx.inTransaction(em -> {
            RepoRecord r = em.find(RepoRecord.class, update.repoId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (r == null) {
                throw ApiException.notFound("repository " + update.repoId() + " does not exist");
            }
            RepoType type = types.get(r.type);
            Map<String, Object> metadata = type == null ? readMetadata(r) : type.extract(Cards.frontMatter(update.readme()));
            r.metadata = writeJson(metadata);
            r.headCommit = update.defaultBranchHead();
            r.sizeBytes = Math.max(0, update.sizeBytes());
            r.updatedAt = Instant.now();
            replaceFacets(em, r, type, metadata);
            replaceRelations(em, r, metadata);
            return toRepo(r);
        });
        fire(new RepoEvent(RepoEvent.Kind.PUSHED, repo, null, update, update.actor()));
        return repo;
    }

    @Override
    public void countDownload(long id) {
        tx.run(em -> em.createQuery("update RepoRecord r set r.downloads = r.downloads + 1 where r.id = :id")
                .setParameter("id", id).executeUpdate());
    }

    // --- what the REST API does

    RepoType requireType(String segment) {
        return typeForSegment(segment).orElseThrow(() -> ApiException.notFound("no repository type '" + segment + "'"));
    }

    /** The repository if the subject may perform the action on it; 404 when it may not even see it. */
    Repo require(Subject subject, RepoType type, String namespace, String name, Action action) {
        Repo repo = find(type.name(), namespace, name)
                .orElseThrow(() -> ApiException.notFound(type.name() + " " + namespace + "/" + name + " does not exist"));
        permissions.require(subject, action, repo.ref());
        return repo;
    }

    @Override
    public Repo create(Subject actor, String typeName, RepoSpec req) {
        RepoType type = types.get(typeName);
        if (type == null) {
            throw ApiException.notFound("no repository type '" + typeName + "'");
        }
        if (req == null) {
            throw ApiException.badRequest("invalid_body", "a JSON body with namespace and name is required");
        }
        if (actor.isAnonymous()) {
            throw new ApiException(401, "unauthorized", "log in to create repositories");
        }
        String namespace = req.namespace() == null || req.namespace().isBlank() ? actor.username() : req.namespace();
        if (namespace == null) {
            throw ApiException.badRequest("invalid_namespace", "namespace is required");
        }
        requireWriteInNamespace(actor, namespace);
        String name = RepoNames.valid("name", req.name());
        Visibility visibility = req.visibility() == null ? Visibility.PUBLIC : req.visibility();
        String branch = RepoNames.branch(req.defaultBranch());
        List<String> tags = tags(req.tags());
        String key = RepoRecord.key(type.name(), namespace, name);
        Repo repo = tx.inTransaction(em -> {
            if (!em.createQuery("select r.id from RepoRecord r where r.pathKey = :k").setParameter("k", key)
                    .getResultList().isEmpty()) {
                throw ApiException.conflict(type.name() + " " + namespace + "/" + name + " already exists");
            }
            RepoRecord r = new RepoRecord();
            r.type = type.name();
            r.namespace = canonicalNamespace(namespace);
            r.name = name;
            r.pathKey = key;
            r.description = trim(req.description(), 2000);
            r.visibility = visibility.wireName();
            r.defaultBranch = branch;
            r.userTags = String.join(",", tags);
            r.metadata = "{}";
            r.createdBy = actor.isUser() ? actor.userId() : null;
            r.createdAt = r.updatedAt = Instant.now();
            em.persist(r);
            em.flush();
            replaceFacets(em, r, type, Map.of());
            return toRepo(r);
        });
        fire(new RepoEvent(RepoEvent.Kind.CREATED, repo, null, null, actor));
        return repo;
    }

    @Override
    public Repo update(Subject actor, Repo repo, RepoChanges req) {
        if (req == null) {
            throw ApiException.badRequest("invalid_body", "a JSON body is required");
        }
        permissions.require(actor, req.touchesSettings() ? Action.ADMIN : Action.WRITE, repo.ref());
        Visibility visibility = req.visibility();
        String branch = req.defaultBranch() == null ? null : RepoNames.branch(req.defaultBranch());
        List<String> tags = req.tags() == null ? null : tags(req.tags());
        Repo updated = tx.inTransaction(em -> {
            RepoRecord r = em.find(RepoRecord.class, repo.id(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (req.description() != null) {
                r.description = trim(req.description(), 2000);
            }
            if (visibility != null) {
                r.visibility = visibility.wireName();
            }
            if (branch != null) {
                r.defaultBranch = branch;
            }
            if (tags != null) {
                r.userTags = String.join(",", tags);
            }
            r.updatedAt = Instant.now();
            replaceFacets(em, r, types.get(r.type), readMetadata(r));
            return toRepo(r);
        });
        fire(new RepoEvent(RepoEvent.Kind.UPDATED, updated, null, null, actor));
        return updated;
    }

    @Override
    public Repo move(Subject actor, Repo repo, String newNamespace, String newName) {
        permissions.require(actor, Action.ADMIN, repo.ref());
        if (newNamespace == null && newName == null) {
            throw ApiException.badRequest("invalid_body", "give a new name, a new namespace, or both");
        }
        String namespace = newNamespace == null ? repo.namespace() : newNamespace;
        String name = newName == null ? repo.name() : RepoNames.valid("name", newName);
        if (!namespace.equalsIgnoreCase(repo.namespace())) {
            requireWriteInNamespace(actor, namespace);
        }
        String key = RepoRecord.key(repo.type(), namespace, name);
        String previous = repo.path();
        Repo moved = tx.inTransaction(em -> {
            if (!key.equals(RepoRecord.key(repo.type(), repo.namespace(), repo.name()))
                    && !em.createQuery("select r.id from RepoRecord r where r.pathKey = :k").setParameter("k", key)
                    .getResultList().isEmpty()) {
                throw ApiException.conflict(repo.type() + " " + namespace + "/" + name + " already exists");
            }
            RepoRecord r = em.find(RepoRecord.class, repo.id(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            r.namespace = canonicalNamespace(namespace);
            r.name = name;
            r.pathKey = key;
            r.updatedAt = Instant.now();
            return toRepo(r);
        });
        grants.moved(repo.ref(), moved.ref());
        fire(new RepoEvent(RepoEvent.Kind.RENAMED, moved, previous, null, actor));
        return moved;
    }

    @Override
    public void delete(Subject actor, Repo repo) {
        permissions.require(actor, Action.ADMIN, repo.ref());
        tx.run(em -> {
            RepoRecord r = em.find(RepoRecord.class, repo.id());
            if (r != null) {
                em.remove(r);
            }
        });
        grants.removed(repo.ref());
        fire(new RepoEvent(RepoEvent.Kind.DELETED, repo, null, null, actor));
    }

    RepoViews.Liked like(Subject actor, Repo repo, boolean like) {
        if (!actor.isUser()) {
            throw new ApiException(401, "unauthorized", "log in to like repositories");
        }
        return tx.inTransaction(em -> {
            RepoRecord r = em.find(RepoRecord.class, repo.id(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            LikeRecord existing = em.find(LikeRecord.class, new LikeRecord.Key(repo.id(), actor.userId()));
            if (like && existing == null) {
                LikeRecord l = new LikeRecord();
                l.repoId = repo.id();
                l.userId = actor.userId();
                l.createdAt = Instant.now();
                em.persist(l);
                r.likes++;
            } else if (!like && existing != null) {
                em.remove(existing);
                r.likes = Math.max(0, r.likes - 1);
            }
            return new RepoViews.Liked(like, r.likes);
        });
    }

    @Override
    public RepoPage list(Subject subject, RepoQuery q) {
        if (q.offset() < 0 || q.limit() < 1 || q.limit() > 1000) {
            throw ApiException.badRequest("invalid_paging", "offset must be >= 0 and limit 1..1000");
        }
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (q.type() != null) {
            where.append(" and r.type = :type");
            params.put("type", q.type());
        }
        if (q.search() != null && !q.search().isBlank()) {
            where.append(" and (lower(r.name) like :s or lower(r.namespace) like :s or lower(r.description) like :s)");
            params.put("s", "%" + likeEscape(q.search().toLowerCase(Locale.ROOT)) + "%");
        }
        if (q.namespace() != null && !q.namespace().isBlank()) {
            where.append(" and lower(r.namespace) = :ns");
            params.put("ns", q.namespace().toLowerCase(Locale.ROOT));
        }
        int i = 0;
        for (Map.Entry<String, String> f : q.facets().entrySet()) {
            if (f.getKey().startsWith("*")) {
                // any facet: a bare HF filter value may be a tag, a task, a library, a language, ...
                where.append(" and exists (select 1 from FacetRecord f where f.repoId = r.id and f.value = :v")
                        .append(i).append(")");
                params.put("v" + i, f.getValue().toLowerCase(Locale.ROOT));
                i++;
                continue;
            }
            where.append(" and exists (select 1 from FacetRecord f where f.repoId = r.id and f.facet = :f").append(i)
                    .append(" and f.value = :v").append(i).append(")");
            params.put("f" + i, f.getKey());
            params.put("v" + i, f.getValue().toLowerCase(Locale.ROOT));
            i++;
        }
        if (!(subject.siteAdmin() || subject.isOperator())) {
            List<String> mine = visibleNamespaces(subject);
            if (mine.isEmpty()) {
                where.append(" and r.visibility = 'public'");
            } else {
                where.append(" and (r.visibility = 'public' or lower(r.namespace) in :mine)");
                params.put("mine", mine);
            }
        }
        String first = q.reverse() ? " asc" : " desc";
        String az = q.reverse() ? " desc" : " asc";
        String order = switch (q.sort() == null ? "recent" : q.sort()) {
            case "recent", "updated" -> " order by r.updatedAt" + first + ", r.id" + first;
            case "created" -> " order by r.createdAt" + first + ", r.id" + first;
            case "downloads" -> " order by r.downloads" + first + ", r.id" + first;
            case "likes" -> " order by r.likes" + first + ", r.id" + first;
            case "name" -> " order by lower(r.namespace)" + az + ", lower(r.name)" + az + ", r.id" + az;
            default -> throw ApiException.badRequest("invalid_sort",
                    "sort must be one of recent, created, downloads, likes, name");
        };
        return tx.readOnly(em -> {
            TypedQuery<Long> count = em.createQuery("select count(r) from RepoRecord r" + where, Long.class);
            TypedQuery<RepoRecord> page = em.createQuery("select r from RepoRecord r" + where + order, RepoRecord.class);
            params.forEach((k, v) -> {
                count.setParameter(k, v);
                page.setParameter(k, v);
            });
            List<Repo> items = page.setFirstResult(q.offset()).setMaxResults(q.limit())
                    .getResultList().stream().map(this::toRepo).toList();
            return new RepoPage(items, count.getSingleResult());
        });
    }

    RepoViews.Relations relations(Subject subject, Repo repo) {
        return tx.readOnly(em -> {
            List<RelationRecord> out = em.createQuery("select x from RelationRecord x where x.repoId = :id",
                    RelationRecord.class).setParameter("id", repo.id()).getResultList();
            List<RepoViews.Related> bases = new ArrayList<>();
            List<RepoViews.Related> datasets = new ArrayList<>();
            List<RepoViews.Related> models = new ArrayList<>();
            for (RelationRecord x : out) {
                boolean exists = find(x.targetType, ns(x.targetPath), nm(x.targetPath)).isPresent();
                RepoViews.Related rel = new RepoViews.Related(x.targetType, x.targetPath, x.relation, exists);
                if (TREE_RELATIONS.contains(x.relation)) {
                    bases.add(rel);
                } else if ("dataset".equals(x.targetType)) {
                    datasets.add(rel);
                } else {
                    models.add(rel);
                }
            }
            List<RepoViews.Related> derived = new ArrayList<>();
            List<RepoViews.Related> usedBy = new ArrayList<>();
            List<Object[]> in = em.createQuery("select x.relation, r from RelationRecord x, RepoRecord r"
                            + " where x.repoId = r.id and x.targetType = :t and lower(x.targetPath) = :p order by r.id",
                    Object[].class).setParameter("t", repo.type())
                    .setParameter("p", repo.path().toLowerCase(Locale.ROOT)).getResultList();
            for (Object[] row : in) {
                Repo other = toRepo((RepoRecord) row[1]);
                if (!permissions.can(subject, Action.READ, other.ref())) {
                    continue;
                }
                RepoViews.Related rel = new RepoViews.Related(other.type(), other.path(), (String) row[0], true);
                if (TREE_RELATIONS.contains((String) row[0])) {
                    derived.add(rel);
                } else {
                    usedBy.add(rel);
                }
            }
            return new RepoViews.Relations(bases, derived, datasets, models, usedBy);
        });
    }

    // --- helpers

    List<String> visibleNamespaces(Subject subject) {
        List<String> mine = new ArrayList<>();
        if (subject.isUser()) {
            mine.add(subject.username().toLowerCase(Locale.ROOT));
            users.organizationsOf(subject.userId()).forEach(o -> mine.add(o.toLowerCase(Locale.ROOT)));
        } else if (subject.isOrganizationKey()) {
            mine.add(subject.organization().toLowerCase(Locale.ROOT));
        }
        return mine;
    }

    void requireWriteInNamespace(Subject actor, String namespace) {
        if (actor.isAnonymous()) {
            throw new ApiException(401, "unauthorized", "log in to create repositories");
        }
        boolean own = actor.isUser() && actor.username().equalsIgnoreCase(namespace);
        boolean exists = own || users.byUsername(namespace).isPresent() || users.organizationExists(namespace);
        if (!exists) {
            throw ApiException.notFound("namespace '" + namespace + "' does not exist");
        }
        if (own || actor.siteAdmin() || actor.isOperator()) {
            return;
        }
        Role role = permissions.organizationRole(actor, namespace);
        if (!role.allows(Action.WRITE)) {
            throw new ApiException(403, "forbidden", "you may not create repositories in '" + namespace + "'");
        }
    }

    private String canonicalNamespace(String namespace) {
        return users.byUsername(namespace).map(u -> u.username()).orElse(namespace);
    }

    private void replaceFacets(EntityManager em, RepoRecord r, RepoType type, Map<String, Object> metadata) {
        em.createQuery("delete from FacetRecord f where f.repoId = :id").setParameter("id", r.id).executeUpdate();
        Set<String[]> facets = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String tag : allTags(r.userTags, metadata)) {
            add(facets, seen, "tag", tag);
        }
        if (type != null) {
            for (CardField field : type.cardFields()) {
                if (field.filter() == null) {
                    continue;
                }
                Object v = metadata.get(field.key());
                if (v instanceof List<?> l) {
                    l.forEach(x -> add(facets, seen, field.filter(), String.valueOf(x)));
                } else if (v != null) {
                    add(facets, seen, field.filter(), String.valueOf(v));
                }
            }
        }
        for (String[] f : facets) {
            FacetRecord rec = new FacetRecord();
            rec.repoId = r.id;
            rec.facet = f[0];
            rec.value = f[1];
            em.persist(rec);
        }
    }

    private static void add(Set<String[]> facets, Set<String> seen, String facet, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.isEmpty() && v.length() <= 200 && seen.add(facet + "\u0000" + v)) {
            facets.add(new String[] {facet, v});
        }
    }

    private void replaceRelations(EntityManager em, RepoRecord r, Map<String, Object> metadata) {
        em.createQuery("delete from RelationRecord x where x.repoId = :id").setParameter("id", r.id).executeUpdate();
        Set<String> seen = new java.util.HashSet<>();
        String treeRelation = String.valueOf(metadata.getOrDefault("base_model_relation", "finetune"))
                .toLowerCase(Locale.ROOT);
        if (!TREE_RELATIONS.contains(treeRelation)) {
            treeRelation = "finetune";
        }
        relate(em, r, seen, metadata.get("base_model"), treeRelation, "model");
        relate(em, r, seen, metadata.get("datasets"), "dataset", "dataset");
        relate(em, r, seen, metadata.get("models"), "model", "model");
    }

    private static void relate(EntityManager em, RepoRecord r, Set<String> seen, Object value, String relation,
                               String targetType) {
        if (!(value instanceof List<?> list)) {
            return;
        }
        for (Object o : list) {
            String path = String.valueOf(o).trim();
            // only namespace/name paths relate; a bare name ("gpt2") names nothing on this hub
            if (!path.matches("[A-Za-z0-9._-]{1,64}/[A-Za-z0-9._-]{1,100}") || !seen.add(relation + targetType + path)) {
                continue;
            }
            RelationRecord x = new RelationRecord();
            x.repoId = r.id;
            x.relation = relation;
            x.targetType = targetType;
            x.targetPath = path;
            em.persist(x);
        }
    }

    Repo toRepo(RepoRecord r) {
        Map<String, Object> metadata = readMetadata(r);
        return new Repo(r.id, r.type, r.namespace, r.name, r.description, Visibility.parse(r.visibility),
                r.defaultBranch, allTags(r.userTags, metadata), metadata, r.headCommit, r.sizeBytes, r.downloads,
                r.likes, r.createdAt, r.updatedAt);
    }

    private static List<String> allTags(String userTags, Map<String, Object> metadata) {
        Set<String> tags = new LinkedHashSet<>();
        if (userTags != null && !userTags.isBlank()) {
            tags.addAll(List.of(userTags.split(",")));
        }
        if (metadata.get("tags") instanceof List<?> l) {
            l.forEach(t -> tags.add(String.valueOf(t)));
        }
        return List.copyOf(tags);
    }

    private Map<String, Object> readMetadata(RepoRecord r) {
        if (r.metadata == null || r.metadata.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(r.metadata, MAP);
        } catch (JsonProcessingException e) {
            LOG.warn("repository {} has unreadable metadata; treating it as empty", r.id);
            return Map.of();
        }
    }

    private String writeJson(Map<String, Object> metadata) {
        try {
            return json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fire(RepoEvent event) {
        for (RepoListener l : listeners) {
            try {
                l.repoChanged(event);
            } catch (RuntimeException e) {
                LOG.warn("repository listener {} failed on {} of {}: {}", l.getClass().getName(), event.kind(),
                        event.repo().path(), e.toString());
            }
        }
    }

    static Visibility visibility(String value, Visibility fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Visibility.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_visibility", e.getMessage());
        }
    }

    static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : tags) {
            if (t == null || t.isBlank() || t.length() > 64 || t.contains(",")) {
                throw ApiException.badRequest("invalid_tag", "tags are 1 to 64 characters without commas: '" + t + "'");
            }
            out.add(t.trim());
        }
        if (out.size() > 30) {
            throw ApiException.badRequest("invalid_tag", "at most 30 tags");
        }
        return List.copyOf(out);
    }

    private static String trim(String s, int max) {
        if (s == null) {
            return null;
        }
        if (s.length() > max) {
            throw ApiException.badRequest("invalid_description", "at most " + max + " characters");
        }
        return s;
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String ns(String path) {
        return path.substring(0, path.indexOf('/'));
    }

    private static String nm(String path) {
        return path.substring(path.indexOf('/') + 1);
    }

    /** For a namespace owner: the private-or-not view check used by listings of a single namespace. */
    boolean canRead(Subject subject, ResourceRef ref) {
        return permissions.can(subject, Action.READ, ref);
    }
}
