package org.csghub.hf.internal;

import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;
import org.csghub.repo.api.RepoContent.Entry;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.rest.ApiException;

/**
 * What the HF resources share: HF repository kinds ({@code models}, {@code datasets}, {@code spaces}) to the
 * hub's types, repositories looked up with a permission check (404 {@code RepoNotFound} for what the caller may
 * not see), revisions resolved with HF's {@code RevisionNotFound}, the public base URL, and tree entries in HF's
 * shape.
 */
final class HfRepos {

    private final Repositories repos;
    private final Permissions permissions;
    private final HfConfig config;

    HfRepos(Repositories repos, Permissions permissions, HfConfig config) {
        this.repos = repos;
        this.permissions = permissions;
        this.config = config;
    }

    Repositories repositories() {
        return repos;
    }

    RepoType type(String kind) {
        return repos.typeForSegment(kind).orElseThrow(() -> ApiException.notFound("no repository type " + kind));
    }

    /** The repository, if the caller may do {@code action} on it; else 404 (or 401/403 for writes it may see). */
    Repo require(Subject s, String kind, String namespace, String name, Action action) {
        RepoType type = type(kind);
        Repo repo = repos.find(type.name(), namespace, name)
                .orElseThrow(() -> ApiException.notFound("Repository " + namespace + "/" + name + " not found"));
        permissions.require(s, Action.READ, repo.ref());
        if (action != Action.READ) {
            permissions.require(s, action, repo.ref());
        }
        return repo;
    }

    /** The commit a revision names; {@code HEAD} is the default branch. 404 {@code RevisionNotFound} otherwise. */
    static String commit(RepoContent content, Repo repo, String revision) {
        String rev = branch(repo, revision);
        return unlessMissing(() -> java.util.Optional.of(content.resolve(repo, rev)))
                .orElseThrow(() -> new HfNotFound(HfErrors.REVISION_NOT_FOUND, "Invalid rev id: " + revision));
    }

    /** The branch a revision names for writes: itself, or the default branch for {@code HEAD} or none. */
    static String branch(Repo repo, String revision) {
        return revision == null || revision.isBlank() || revision.equals("HEAD") ? repo.defaultBranch() : revision;
    }

    /**
     * What a lookup answers, or empty when it fails because the thing is not there (404) or cannot name anything
     * (422, such as an invalid path or branch name); other failures go on.
     */
    static <T> java.util.Optional<T> unlessMissing(java.util.function.Supplier<java.util.Optional<T>> lookup) {
        try {
            return lookup.get();
        } catch (ApiException e) {
            if (e.status() == 404 || e.status() == 422) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** {@code http(s)://host[:port]/hf}, from the configured external URL or the request. */
    String base(UriInfo uri) {
        String external = config.externalUrl() == null ? "" : config.externalUrl().trim();
        String root = external.isEmpty() ? uri.getBaseUri().toString() : external;
        return (root.endsWith("/") ? root : root + "/") + "hf";
    }

    /** A repository's web URL as HF clients parse it: models at the root, other kinds under their segment. */
    String repoUrl(UriInfo uri, Repo repo) {
        return base(uri) + "/" + ("model".equals(repo.type()) ? "" : type(repo) + "/") + repo.path();
    }

    private String type(Repo repo) {
        return repos.types().stream().filter(t -> t.name().equals(repo.type())).findFirst()
                .map(RepoType::segment).orElse(repo.type() + "s");
    }

    /** A tree entry as HF lists it ({@code lfs.oid} in trees, {@code lfs.sha256} in siblings). */
    static Map<String, Object> entry(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean dir = !"file".equals(e.type());
        m.put("type", dir ? "directory" : "file");
        m.put("oid", e.blobId());
        m.put("size", dir ? 0 : e.size());
        m.put("path", e.path());
        if (e.lfs() != null) {
            m.put("lfs", Map.of("oid", e.lfs().oid(), "size", e.lfs().size(), "pointerSize",
                    pointerSize(e.lfs().size())));
        }
        return m;
    }

    static Map<String, Object> sibling(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rfilename", e.path());
        m.put("size", e.size());
        m.put("blobId", e.blobId());
        if (e.lfs() != null) {
            m.put("lfs", Map.of("sha256", e.lfs().oid(), "size", e.lfs().size(), "pointerSize",
                    pointerSize(e.lfs().size())));
        }
        return m;
    }

    /** The size of the canonical pointer file: version line (43), oid line (76), "size N\n". */
    static long pointerSize(long size) {
        return 43 + 76 + 6 + Long.toString(size).length();
    }

    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    /** An HF not-found with its {@code X-Error-Code}. */
    static final class HfNotFound extends ApiException {
        private static final long serialVersionUID = 1L;
        private final String code;

        HfNotFound(String code, String message) {
            super(404, "not_found", message);
            this.code = code;
        }

        String hfCode() {
            return code;
        }
    }
}
