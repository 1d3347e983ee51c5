package org.csghub.hf.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.UserDirectory;
import org.csghub.accounts.api.UserView;
import org.csghub.accounts.api.Visibility;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoPage;
import org.csghub.repo.api.RepoQuery;
import org.csghub.repo.api.RepoSpec;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.metatype.annotations.Designate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The registry side of the HuggingFace Hub API under {@code /hf/api}: listings with Link pagination, repository
 * create / delete / move, {@code whoami-v2} and {@code validate-yaml} (one repository's API is
 * {@link HfRepoResource}, file downloads {@link HfFileResource}). HF's repository types are
 * {@code model}, {@code dataset} and {@code space}; they map to the hub's types of the same names.
 */
@Component(service = HfApiResource.class, scope = ServiceScope.PROTOTYPE, configurationPid = HfConfig.PID)
@Designate(ocd = HfConfig.class)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("hf/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "huggingface")
public class HfApiResource {

    private final Repositories repos;
    private final UserDirectory users;
    private final HfConfig config;
    private final HfRepos hf;

    @Activate
    public HfApiResource(@Reference Repositories repos, @Reference Permissions permissions,
                         @Reference UserDirectory users, HfConfig config) {
        this.repos = repos;
        this.users = users;
        this.config = config;
        this.hf = new HfRepos(repos, permissions, config);
    }

    @GET
    @Path("{kind: models|datasets|spaces}")
    @Operation(summary = "HF list_models / list_datasets / list_spaces: search, author, filter, sort, direction, limit; Link pagination")
    public Response list(@PathParam("kind") String kind, @Context UriInfo uri, @Context SecurityContext security) {
        return HfErrors.handle(null, () -> {
            RepoType type = hf.type(kind);
            MultivaluedMap<String, String> q = uri.getQueryParameters();
            int limit = intParam(q.getFirst("limit"), 100, 1, config.maxLimit(), "limit");
            int offset = intParam(q.getFirst("cursor"), 0, 0, Integer.MAX_VALUE, "cursor");
            Map<String, String> facets = new LinkedHashMap<>();
            int n = 0;
            for (String f : q.getOrDefault("filter", List.of())) {
                for (String one : f.split(",")) {
                    if (!one.isBlank()) {
                        int colon = one.indexOf(':');
                        // "license:mit" names its facet; a bare value matches any facet (tag, task, library, ...)
                        facets.put(colon > 0 ? one.substring(0, colon) : "*" + n++, colon > 0 ? one.substring(colon + 1) : one);
                    }
                }
            }
            if (q.getFirst("pipeline_tag") != null) {
                facets.put("task", q.getFirst("pipeline_tag"));
            }
            if (q.getFirst("library") != null) {
                facets.put("library", q.getFirst("library"));
            }
            if (q.getFirst("language") != null) {
                facets.put("language", q.getFirst("language"));
            }
            boolean reverse = "1".equals(q.getFirst("direction"));
            RepoPage page = repos.list(Subject.of(security), new RepoQuery(type.name(), q.getFirst("search"),
                    q.getFirst("author"), facets, sort(q.getFirst("sort")), reverse, offset, limit));
            boolean full = "true".equalsIgnoreCase(q.getFirst("full")) || q.containsKey("expand");
            List<Map<String, Object>> items = new ArrayList<>();
            for (Repo r : page.items()) {
                items.add(summary(r, full, "true".equalsIgnoreCase(q.getFirst("cardData"))));
            }
            Response.ResponseBuilder response = Response.ok(items);
            if (offset + page.items().size() < page.total()) {
                UriBuilder next = UriBuilder.fromUri(hf.base(uri) + "/api/" + kind).replaceQuery(uri.getRequestUri().getRawQuery())
                        .replaceQueryParam("cursor", offset + page.items().size());
                response.header("Link", "<" + next.build() + ">; rel=\"next\"");
            }
            return response.build();
        });
    }

    @GET
    @Path("whoami-v2")
    @Operation(summary = "HF whoami: the token's user, organizations and role; 401 for invalid or missing tokens")
    public Response whoami(@Context SecurityContext security) {
        Subject s = Subject.of(security);
        if (s.isAnonymous()) {
            return HfErrors.error(401, null, "Invalid credentials in Authorization header", Map.of());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> orgs = new ArrayList<>();
        if (s.isUser()) {
            UserView u = users.byId(s.userId()).orElse(null);
            body.put("type", "user");
            body.put("id", Long.toString(s.userId()));
            body.put("name", s.username());
            body.put("fullname", u == null || u.displayName() == null ? s.username() : u.displayName());
            body.put("email", u == null ? null : u.email());
            body.put("emailVerified", u != null && u.email() != null);
            body.put("isPro", false);
            for (String org : users.organizationsOf(s.userId())) {
                orgs.add(Map.of("type", "org", "name", org, "fullname", org));
            }
        } else {
            body.put("type", "org");
            body.put("name", s.organization() == null ? s.getName() : s.organization());
            body.put("fullname", body.get("name"));
        }
        body.put("orgs", orgs);
        String role = s.hasScope(Scope.WRITE) ? "write" : "read";
        body.put("auth", Map.of("type", "access_token", "accessToken", Map.of("displayName", "token", "role", role)));
        return Response.ok(body).build();
    }

    /** What {@code POST /api/repos/create} accepts (Python and JS send subsets). */

    @POST
    @Path("repos/create")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "HF create_repo: 200 {url, id}; 409 when it exists")
    public Response create(Map<String, Object> body, @Context UriInfo uri, @Context SecurityContext security) {
        return HfErrors.handle(null, () -> {
            Map<String, Object> b = body == null ? Map.of() : body;
            String typeName = str(b.get("type"), "model");
            RepoType type = typeByName(typeName);
            String[] nsName = nsAndName(str(b.get("name"), null), str(b.get("organization"), null), Subject.of(security));
            Visibility visibility = Boolean.TRUE.equals(b.get("private")) || "private".equals(b.get("visibility"))
                    ? Visibility.PRIVATE : Visibility.PUBLIC;
            Repo repo = repos.create(Subject.of(security), type.name(),
                    new RepoSpec(nsName[0], nsName[1], null, visibility, "main", null));
            return Response.ok(Map.of("url", hf.repoUrl(uri, repo), "id", repo.path(), "name", repo.path())).build();
        });
    }

    @DELETE
    @Path("repos/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "HF delete_repo: {name, organization, type}")
    public Response delete(Map<String, Object> body, @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Map<String, Object> b = body == null ? Map.of() : body;
            RepoType type = typeByName(str(b.get("type"), "model"));
            Subject s = Subject.of(security);
            String[] nsName = nsAndName(str(b.get("name"), null), str(b.get("organization"), null), s);
            repos.delete(s, require(s, type, nsName[0], nsName[1]));
            return Response.ok(Map.of()).build();
        });
    }

    @POST
    @Path("repos/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "HF move_repo: {fromRepo, toRepo, type}")
    public Response move(Map<String, Object> body, @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Map<String, Object> b = body == null ? Map.of() : body;
            RepoType type = typeByName(str(b.get("type"), "model"));
            Subject s = Subject.of(security);
            String[] from = split(str(b.get("fromRepo"), null));
            String[] to = split(str(b.get("toRepo"), null));
            repos.move(s, require(s, type, from[0], from[1]), to[0], to[1]);
            return Response.ok(Map.of()).build();
        });
    }

    @POST
    @Path("validate-yaml")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "HF validate-yaml: checks a README's front matter parses; always answers JSON")
    public Response validateYaml(Map<String, Object> body) {
        String content = body == null ? null : str(body.get("content"), null);
        List<String> errors = new ArrayList<>();
        if (content != null && content.startsWith("---")) {
            int end = content.indexOf("\n---", 3);
            if (end < 0) {
                errors.add("the YAML front matter is not closed with ---");
            } else {
                try {
                    LoaderOptions options = new LoaderOptions();
                    options.setMaxAliasesForCollections(20);
                    Object parsed = new Yaml(new SafeConstructor(options)).load(content.substring(3, end));
                    if (parsed != null && !(parsed instanceof Map)) {
                        errors.add("the YAML front matter must be a mapping");
                    }
                } catch (RuntimeException e) {
                    errors.add("invalid YAML: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        Map<String, Object> out = Map.of("errors", errors, "warnings", List.of());
        return Response.status(errors.isEmpty() ? 200 : 400).entity(out).build();
    }

    // --- helpers

    static Map<String, Object> summary(Repo r, boolean full, boolean cardData) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", Long.toString(r.id()));
        m.put("id", r.path());
        if ("model".equals(r.type())) {
            m.put("modelId", r.path());
        }
        m.put("author", r.namespace());
        m.put("private", r.visibility() == Visibility.PRIVATE);
        m.put("gated", false);
        m.put("disabled", false);
        m.put("downloads", r.downloads());
        m.put("likes", r.likes());
        m.put("lastModified", iso(r.updatedAt()));
        m.put("createdAt", iso(r.createdAt()));
        m.put("tags", r.tags());
        putIf(m, "pipeline_tag", r.metadata().get("pipeline_tag"));
        putIf(m, "library_name", r.metadata().get("library_name"));
        if (full) {
            putIf(m, "sha", r.headCommit());
        }
        if (cardData || full) {
            m.put("cardData", r.metadata());
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    static String iso(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    RepoType typeByName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return repos.types().stream().filter(t -> t.name().equals(n)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("invalid_type", "unknown repository type '" + name + "'"));
    }

    Repo require(Subject s, RepoType type, String namespace, String name) {
        return hf.require(s, type.segment(), namespace, name, Action.READ);
    }

    private static String[] nsAndName(String name, String organization, Subject s) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("invalid_name", "name is required");
        }
        if (name.contains("/")) {
            return split(name);
        }
        if (organization != null && !organization.isBlank()) {
            return new String[] {organization, name};
        }
        if (s.isAnonymous()) {
            throw AccessDeniedException.unauthenticated("log in to create repositories");
        }
        return new String[] {s.isUser() ? s.username() : s.organization(), name};
    }

    private static String[] split(String path) {
        if (path == null || path.indexOf('/') <= 0 || path.indexOf('/') != path.lastIndexOf('/')) {
            throw ApiException.badRequest("invalid_name", "a repository is named namespace/name, not '" + path + "'");
        }
        return path.split("/", 2);
    }

    static Visibility parseVisibility(String v) {
        try {
            return Visibility.parse(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_visibility", e.getMessage());
        }
    }

    private static String sort(String hf) {
        if (hf == null) {
            return "recent";
        }
        return switch (hf) {
            case "downloads", "trendingScore", "trending" -> "downloads";
            case "likes" -> "likes";
            case "createdAt", "created_at" -> "created";
            case "lastModified", "last_modified", "updatedAt" -> "recent";
            case "id", "modelId", "name" -> "name";
            default -> throw ApiException.badRequest("invalid_sort", "cannot sort by '" + hf + "'");
        };
    }

    private static int intParam(String value, int fallback, int min, int max, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value);
            if (v < min) {
                throw new NumberFormatException();
            }
            return Math.min(v, max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_" + name, name + " must be a whole number >= " + min);
        }
    }

    private static String str(Object o, String fallback) {
        return o instanceof String s && !s.isBlank() ? s : fallback;
    }
}
