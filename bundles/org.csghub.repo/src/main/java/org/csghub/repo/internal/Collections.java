package org.csghub.repo.internal;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.Visibility;
import org.csghub.persistence.api.Transactions;
import org.csghub.repo.api.Repo;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Collections, checked like any owned resource (kind {@code collection}): the namespace's owner or members
 * with write may change them; private ones are invisible to others. A collection shows only the items the
 * caller may read.
 */
@Component(service = Collections.class)
public class Collections {

    static final String KIND = "collection";

    private final Transactions tx;
    private final Permissions permissions;
    private final DefaultRepositories repos;

    @Activate
    public Collections(@Reference Transactions tx, @Reference Permissions permissions,
                       @Reference DefaultRepositories repos) {
        this.tx = tx;
        this.permissions = permissions;
        this.repos = repos;
    }

    RepoViews.Page<RepoViews.CollectionView> list(Subject s, String namespace, int page, int perPage) {
        if (page < 1 || perPage < 1 || perPage > 100) {
            throw ApiException.badRequest("invalid_paging", "page must be >= 1 and per_page 1..100");
        }
        String where = " where 1 = 1";
        List<String> mine = repos.visibleNamespaces(s);
        boolean all = s.siteAdmin() || s.isOperator();
        if (!all) {
            where += mine.isEmpty() ? " and c.visibility = 'public'" : " and (c.visibility = 'public' or lower(c.namespace) in :mine)";
        }
        if (namespace != null && !namespace.isBlank()) {
            where += " and lower(c.namespace) = :ns";
        }
        String w = where;
        return tx.readOnly(em -> {
            var count = em.createQuery("select count(c) from CollectionRecord c" + w, Long.class);
            var q = em.createQuery("select c from CollectionRecord c" + w + " order by c.updatedAt desc, c.id desc",
                    CollectionRecord.class);
            if (!all && !mine.isEmpty()) {
                count.setParameter("mine", mine);
                q.setParameter("mine", mine);
            }
            if (namespace != null && !namespace.isBlank()) {
                count.setParameter("ns", namespace.toLowerCase(Locale.ROOT));
                q.setParameter("ns", namespace.toLowerCase(Locale.ROOT));
            }
            List<RepoViews.CollectionView> items = q.setFirstResult((page - 1) * perPage).setMaxResults(perPage)
                    .getResultList().stream().map(c -> view(em, s, c)).toList();
            return new RepoViews.Page<>(items, count.getSingleResult(), page, perPage);
        });
    }

    RepoViews.CollectionView create(Subject s, RepoViews.CreateCollection req) {
        if (req == null) {
            throw ApiException.badRequest("invalid_body", "a JSON body with namespace and name is required");
        }
        String namespace = req.namespace() == null || req.namespace().isBlank() ? s.username() : req.namespace();
        if (namespace == null) {
            throw ApiException.badRequest("invalid_namespace", "namespace is required");
        }
        repos.requireWriteInNamespace(s, namespace);
        String name = RepoNames.valid("name", req.name());
        Visibility visibility = DefaultRepositories.visibility(req.visibility(), Visibility.PUBLIC);
        String key = (namespace + "/" + name).toLowerCase(Locale.ROOT);
        return tx.inTransaction(em -> {
            if (!em.createQuery("select c.id from CollectionRecord c where c.pathKey = :k").setParameter("k", key)
                    .getResultList().isEmpty()) {
                throw ApiException.conflict("collection " + namespace + "/" + name + " already exists");
            }
            CollectionRecord c = new CollectionRecord();
            c.namespace = namespace;
            c.name = name;
            c.pathKey = key;
            c.title = limit(req.title(), 200);
            c.description = limit(req.description(), 2000);
            c.visibility = visibility.wireName();
            c.createdBy = s.isUser() ? s.userId() : null;
            c.createdAt = c.updatedAt = Instant.now();
            em.persist(c);
            return view(em, s, c);
        });
    }

    RepoViews.CollectionView get(Subject s, String namespace, String name) {
        return tx.readOnly(em -> view(em, s, require(em, s, namespace, name, Action.READ)));
    }

    RepoViews.CollectionView update(Subject s, String namespace, String name, RepoViews.UpdateCollection req) {
        if (req == null) {
            throw ApiException.badRequest("invalid_body", "a JSON body is required");
        }
        Visibility visibility = req.visibility() == null ? null : DefaultRepositories.visibility(req.visibility(), null);
        return tx.inTransaction(em -> {
            CollectionRecord c = require(em, s, namespace, name, Action.WRITE);
            if (req.title() != null) {
                c.title = limit(req.title(), 200);
            }
            if (req.description() != null) {
                c.description = limit(req.description(), 2000);
            }
            if (visibility != null) {
                c.visibility = visibility.wireName();
            }
            c.updatedAt = Instant.now();
            return view(em, s, c);
        });
    }

    void delete(Subject s, String namespace, String name) {
        ResourceRef gone = tx.inTransaction(em -> {
            CollectionRecord c = require(em, s, namespace, name, Action.ADMIN);
            em.remove(c);
            return ref(c);
        });
        repos.grants().removed(gone);
    }

    RepoViews.CollectionView add(Subject s, String namespace, String name, RepoViews.AddItem item) {
        if (item == null || item.type() == null || item.path() == null || !item.path().contains("/")) {
            throw ApiException.badRequest("invalid_item", "give the repository's type and path (namespace/name)");
        }
        String[] p = item.path().split("/", 2);
        Repo repo = repos.find(item.type(), p[0], p[1])
                .filter(r -> permissions.can(s, Action.READ, r.ref()))
                .orElseThrow(() -> ApiException.notFound(item.type() + " " + item.path() + " does not exist"));
        return tx.inTransaction(em -> {
            CollectionRecord c = require(em, s, namespace, name, Action.WRITE);
            if (em.find(CollectionItemRecord.class, new CollectionItemRecord.Key(c.id, repo.id())) == null) {
                CollectionItemRecord i = new CollectionItemRecord();
                i.collectionId = c.id;
                i.repoId = repo.id();
                i.note = limit(item.note(), 500);
                i.addedAt = Instant.now();
                em.persist(i);
            }
            c.updatedAt = Instant.now();
            em.flush();
            return view(em, s, c);
        });
    }

    RepoViews.CollectionView remove(Subject s, String namespace, String name, String type, String repoNamespace,
                                    String repoName) {
        Repo repo = repos.find(type, repoNamespace, repoName)
                .orElseThrow(() -> ApiException.notFound(type + " " + repoNamespace + "/" + repoName + " does not exist"));
        return tx.inTransaction(em -> {
            CollectionRecord c = require(em, s, namespace, name, Action.WRITE);
            CollectionItemRecord i = em.find(CollectionItemRecord.class, new CollectionItemRecord.Key(c.id, repo.id()));
            if (i != null) {
                em.remove(i);
                em.flush();
            }
            return view(em, s, c);
        });
    }

    private CollectionRecord require(EntityManager em, Subject s, String namespace, String name, Action action) {
        String key = (namespace + "/" + name).toLowerCase(Locale.ROOT);
        CollectionRecord c = em.createQuery("select c from CollectionRecord c where c.pathKey = :k", CollectionRecord.class)
                .setParameter("k", key).getResultStream().findFirst()
                .orElseThrow(() -> ApiException.notFound("collection " + namespace + "/" + name + " does not exist"));
        permissions.require(s, action, ref(c));
        return c;
    }

    private static ResourceRef ref(CollectionRecord c) {
        return new ResourceRef(KIND, c.namespace, c.name, Visibility.parse(c.visibility));
    }

    private RepoViews.CollectionView view(EntityManager em, Subject s, CollectionRecord c) {
        List<RepoViews.CollectionItem> items = new ArrayList<>();
        List<Object[]> rows = em.createQuery("select i, r from CollectionItemRecord i, RepoRecord r"
                + " where i.repoId = r.id and i.collectionId = :c order by i.addedAt", Object[].class)
                .setParameter("c", c.id).getResultList();
        for (Object[] row : rows) {
            CollectionItemRecord i = (CollectionItemRecord) row[0];
            Repo r = repos.toRepo((RepoRecord) row[1]);
            if (permissions.can(s, Action.READ, r.ref())) {
                items.add(new RepoViews.CollectionItem(r.type(), r.path(), i.note, i.addedAt));
            }
        }
        return new RepoViews.CollectionView(c.id, c.namespace, c.name, c.title, c.description, c.visibility,
                c.createdAt, c.updatedAt, items);
    }

    private static String limit(String s, int max) {
        if (s != null && s.length() > max) {
            throw ApiException.badRequest("invalid_field", "at most " + max + " characters");
        }
        return s;
    }
}
