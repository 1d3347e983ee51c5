package org.csghub.hf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.Visibility;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoChanges;
import org.csghub.repo.api.RepoContent;
import org.csghub.repo.api.RepoContent.CommitInfo;
import org.csghub.repo.api.RepoContent.CommitRequest;
import org.csghub.repo.api.RepoContent.Entry;
import org.csghub.repo.api.RepoContent.FileOp;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.csghub.repo.api.RepoContent.TreePage;
import org.csghub.repo.api.Repositories;
import org.csghub.rest.ApiException;
import org.csghub.rest.OwnBodyLimit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * One repository through the HuggingFace Hub API: info with {@code sha} and {@code siblings} (at a revision),
 * {@code tree} with Link pagination, {@code paths-info} (JSON or form body), {@code refs}, {@code preupload},
 * the NDJSON {@code commit}, and {@code settings}. Revisions may contain {@code /} (sent as {@code %2F}).
 */
@Component(service = HfRepoResource.class, scope = ServiceScope.PROTOTYPE, configurationPid = HfConfig.PID)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("hf/api/{kind: models|datasets|spaces}/{namespace}/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "huggingface")
public class HfRepoResource {

    /** HF puts files of 10 MiB and more into LFS; so do we, whatever the repository's Git limit. */
    static final long LFS_FROM_BYTES = 10L * 1024 * 1024;
    private static final int MAX_SIBLINGS = 10_000;
    private static final int PAGE = 1000;
    private static final int EXPANDED_PAGE = 50;
    private static final int MAX_PATHS = 1000;

    private final HfRepos hf;
    private final RepoContent content;
    private final HfConfig config;
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public HfRepoResource(@Reference Repositories repos, @Reference Permissions permissions,
                          @Reference RepoContent content, HfConfig config) {
        this.hf = new HfRepos(repos, permissions, config);
        this.content = content;
        this.config = config;
    }

    @GET
    @Operation(summary = "HF model_info / dataset_info / space_info at the default branch")
    public Response info(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                         @PathParam("name") String name, @Context UriInfo uri, @Context SecurityContext security) {
        return infoAt(kind, namespace, name, null, uri, security);
    }

    @GET
    @Path("revision/{revision}")
    @Operation(summary = "HF model_info at a revision: sha, siblings, cardData")
    public Response infoAt(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @PathParam("revision") String revision,
                           @Context UriInfo uri, @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Repo repo = hf.require(Subject.of(security), kind, namespace, name, Action.READ);
            Map<String, Object> body = HfApiResource.summary(repo, false, true);
            List<Map<String, Object>> siblings = new ArrayList<>();
            if (repo.headCommit() != null || revision != null) {
                String commit = HfRepos.commit(content, repo, revision);
                body.put("sha", commit);
                String cursor = null;
                do {
                    TreePage page = content.tree(repo, commit, "", true, cursor, PAGE);
                    page.entries().stream().filter(e -> "file".equals(e.type()))
                            .forEach(e -> siblings.add(HfRepos.sibling(e)));
                    cursor = page.next();
                } while (cursor != null && siblings.size() < MAX_SIBLINGS);
            }
            body.put("siblings", siblings);
            body.put("spaces", List.of());
            return Response.ok(body).build();
        });
    }

    @GET
    @Path("tree/{revision}")
    @Operation(summary = "HF list_repo_tree at the root: recursive, expand (lastCommit), cursor/limit, Link pagination")
    public Response treeRoot(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                             @PathParam("name") String name, @PathParam("revision") String revision,
                             @Context UriInfo uri, @Context SecurityContext security) {
        return tree(kind, namespace, name, revision, "", uri, security);
    }

    @GET
    @Path("tree/{revision}/{path: .+}")
    @Operation(summary = "HF list_repo_tree below a directory")
    public Response tree(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                         @PathParam("name") String name, @PathParam("revision") String revision,
                         @PathParam("path") String path, @Context UriInfo uri, @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Repo repo = hf.require(Subject.of(security), kind, namespace, name, Action.READ);
            String commit = HfRepos.commit(content, repo, revision);
            MultivaluedMap<String, String> q = uri.getQueryParameters();
            boolean recursive = truthy(q.getFirst("recursive"));
            boolean expand = truthy(q.getFirst("expand"));
            int limit = limit(q.getFirst("limit"), expand ? EXPANDED_PAGE : PAGE);
            String dir = trimSlashes(path);
            if (!dir.isEmpty()) {
                Optional<Entry> at = content.entry(repo, commit, dir);
                if (at.isEmpty() || "file".equals(at.get().type())) {
                    throw new HfRepos.HfNotFound(HfErrors.ENTRY_NOT_FOUND, "No directory " + dir + " at " + revision);
                }
            }
            TreePage page = content.tree(repo, commit, dir, recursive, q.getFirst("cursor"), limit);
            List<Map<String, Object>> items = new ArrayList<>();
            for (Entry e : page.entries()) {
                items.add(expand ? expanded(repo, commit, e) : HfRepos.entry(e));
            }
            Response.ResponseBuilder reply = Response.ok(items);
            if (page.next() != null) {
                UriBuilder next = UriBuilder.fromUri(uri.getRequestUri()).replaceQueryParam("cursor", page.next());
                reply.header("Link", "<" + absolute(uri, next.build().getRawPath(), next.build().getRawQuery())
                        + ">; rel=\"next\"");
            }
            return reply.build();
        });
    }

    @POST
    @Path("paths-info/{revision}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    @OwnBodyLimit
    @Operation(summary = "HF get_paths_info: entries for the given paths (JSON {paths, expand} or form paths=&expand=)")
    public Response pathsInfo(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                              @PathParam("name") String name, @PathParam("revision") String revision,
                              @HeaderParam("Content-Type") String contentType, InputStream body,
                              @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Repo repo = hf.require(Subject.of(security), kind, namespace, name, Action.READ);
            String commit = HfRepos.commit(content, repo, revision);
            byte[] raw = readBounded(body, 1024 * 1024);
            Set<String> paths = new LinkedHashSet<>();
            boolean expand;
            if (contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
                Map<String, List<String>> form = form(new String(raw, StandardCharsets.UTF_8));
                form.getOrDefault("paths", List.of()).forEach(paths::add);
                expand = form.getOrDefault("expand", List.of()).stream().anyMatch(HfRepoResource::truthy);
            } else {
                JsonNode node = parse(raw);
                node.path("paths").forEach(p -> paths.add(p.asText()));
                if (node.path("paths").isTextual()) {
                    paths.add(node.path("paths").asText());
                }
                expand = node.path("expand").asBoolean(false) || truthy(node.path("expand").asText());
            }
            if (paths.size() > MAX_PATHS) {
                throw ApiException.badRequest("too_many_paths", "At most " + MAX_PATHS + " paths per request");
            }
            List<Map<String, Object>> items = new ArrayList<>();
            for (String p : paths) {
                String clean = trimSlashes(p);
                if (clean.isEmpty()) {
                    continue;
                }
                Optional<Entry> e = safeEntry(repo, commit, clean);
                if (e.isPresent()) {
                    items.add(expand ? expanded(repo, commit, e.get()) : HfRepos.entry(e.get()));
                }
            }
            return Response.ok(items).build();
        });
    }

    @GET
    @Path("refs")
    @Operation(summary = "HF list_repo_refs: branches and tags")
    public Response refs(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                         @PathParam("name") String name, @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Repo repo = hf.require(Subject.of(security), kind, namespace, name, Action.READ);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("branches", content.branches(repo).stream().map(r -> Map.of("name", r.name(),
                    "ref", "refs/heads/" + r.name(), "targetCommit", r.commit())).toList());
            body.put("tags", content.tags(repo).stream().map(r -> Map.of("name", r.name(),
                    "ref", "refs/tags/" + r.name(), "targetCommit", r.commit())).toList());
            body.put("converts", List.of());
            return Response.ok(body).build();
        });
    }

    @POST
    @Path("preupload/{revision}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "HF preupload: which files go to LFS (10 MiB and more, binary, or tracked by .gitattributes)")
    public Response preupload(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                              @PathParam("name") String name, @PathParam("revision") String revision,
                              Map<String, Object> body, @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Repo repo = hf.require(Subject.of(security), kind, namespace, name, Action.WRITE);
            String branch = HfRepos.branch(repo, revision);
            String commit = repo.headCommit() == null ? null : existingCommit(repo, branch);
            JsonNode files = json.valueToTree(body == null ? Map.of() : body).path("files");
            if (!files.isArray()) {
                throw ApiException.badRequest("invalid_request", "files must be a list of {path, size, sample}");
            }
            Map<String, Long> sizes = new LinkedHashMap<>();
            Set<String> binary = new LinkedHashSet<>();
            for (JsonNode f : files) {
                String path = f.path("path").asText("");
                if (path.isEmpty() || !f.path("size").canConvertToLong()) {
                    throw ApiException.badRequest("invalid_request", "each file needs a path and a size");
                }
                sizes.put(path, f.path("size").asLong());
                if (isBinary(f.path("sample").asText(""))) {
                    binary.add(path);
                }
            }
            Set<String> tracked = commit == null ? Set.of() : content.lfsPaths(repo, branch, sizes);
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map.Entry<String, Long> f : sizes.entrySet()) {
                String path = f.getKey();
                long size = f.getValue();
                boolean lfs = size > 0 && (size >= LFS_FROM_BYTES || binary.contains(path) || tracked.contains(path));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", path);
                m.put("uploadMode", lfs ? "lfs" : "regular");
                m.put("shouldIgnore", false);
                if (commit != null) {
                    safeEntry(repo, commit, path).filter(e -> "file".equals(e.type()))
                            .ifPresent(e -> m.put("oid", e.lfs() != null ? e.lfs().oid() : e.blobId()));
                }
                out.add(m);
            }
            return Response.ok(Map.of("files", out)).build();
        });
    }

    @POST
    @Path("commit/{revision}")
    @Consumes({"application/x-ndjson", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @OwnBodyLimit
    @Operation(summary = "HF create_commit: NDJSON header, file (base64), lfsFile, deletedFile, deletedFolder")
    public Response commit(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @PathParam("revision") String revision,
                           InputStream body, @Context UriInfo uri, @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Subject s = Subject.of(security);
            Repo repo = hf.require(s, kind, namespace, name, Action.WRITE);
            String branch = HfRepos.branch(repo, revision);
            Commit c = readCommit(body);
            if (c.ops.isEmpty()) {
                throw ApiException.badRequest("invalid_commit", "The commit has no operations");
            }
            List<FileOp> ops = new ArrayList<>(c.ops);
            FileOp attributes = gitattributes(repo, branch, c.lfsPaths);
            if (attributes != null) {
                ops.add(attributes);
            }
            String message = c.summary == null || c.summary.isBlank() ? null
                    : c.description == null || c.description.isBlank() ? c.summary : c.summary + "\n\n" + c.description;
            CommitInfo done = content.commit(repo, new CommitRequest(branch, message, c.parentCommit, ops), s);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("success", true);
            out.put("commitOid", done.id());
            out.put("commitUrl", hf.repoUrl(uri, repo) + "/commit/" + done.id());
            out.put("commitMessage", done.message());
            return Response.ok(out).build();
        });
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "HF update_repo_settings: private / visibility, description")
    public Response settings(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                             @PathParam("name") String name, Map<String, Object> body,
                             @Context SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Map<String, Object> b = body == null ? Map.of() : body;
            Subject s = Subject.of(security);
            Repo repo = hf.require(s, kind, namespace, name, Action.READ);
            Visibility visibility = b.get("private") instanceof Boolean p ? (p ? Visibility.PRIVATE : Visibility.PUBLIC)
                    : b.get("visibility") instanceof String v ? HfApiResource.parseVisibility(v) : null;
            String description = b.get("description") instanceof String d ? d : null;
            hf.repositories().update(s, repo, new RepoChanges(description, visibility, null, null));
            return Response.ok(Map.of()).build();
        });
    }

    // --- commit parsing

    private static final class Commit {
        String summary;
        String description;
        String parentCommit;
        final List<FileOp> ops = new ArrayList<>();
        final List<String> lfsPaths = new ArrayList<>();
    }

    private Commit readCommit(InputStream body) throws IOException {
        byte[] raw = readBounded(body, config.maxCommitBytes());
        Commit c = new Commit();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(raw),
                StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line; (line = lines.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw ApiException.badRequest("invalid_commit", "Line " + n + " is not JSON: "
                            + e.getOriginalMessage());
                }
                JsonNode v = node.path("value");
                String key = node.path("key").asText("");
                switch (key) {
                    case "header" -> {
                        c.summary = text(v, "summary");
                        c.description = text(v, "description");
                        c.parentCommit = text(v, "parentCommit");
                    }
                    case "file" -> {
                        String path = required(v, "path", n);
                        String encoding = text(v, "encoding");
                        String data = v.path("content").asText("");
                        byte[] bytes;
                        try {
                            bytes = encoding == null || encoding.equalsIgnoreCase("base64")
                                    ? Base64.getMimeDecoder().decode(data) : data.getBytes(StandardCharsets.UTF_8);
                        } catch (IllegalArgumentException e) {
                            throw ApiException.badRequest("invalid_commit", "Line " + n + ": content of " + path
                                    + " is not base64");
                        }
                        c.ops.add(new FileOp("put", path, bytes, null, null));
                    }
                    case "lfsFile" -> {
                        String path = required(v, "path", n);
                        String algo = text(v, "algo");
                        if (algo != null && !algo.equals("sha256") && !algo.equals("sha_256")) {
                            throw ApiException.badRequest("invalid_commit", "Line " + n + ": algo " + algo
                                    + " is not supported; use sha256");
                        }
                        if (!v.path("size").canConvertToLong()) {
                            throw ApiException.badRequest("invalid_commit", "Line " + n + ": lfsFile " + path
                                    + " needs its size");
                        }
                        c.ops.add(new FileOp("put", path, null, new LfsPointer(required(v, "oid", n),
                                v.path("size").asLong()), null));
                        c.lfsPaths.add(path);
                    }
                    case "deletedFile", "deletedFolder" ->
                            c.ops.add(new FileOp("delete", trimSlashes(required(v, "path", n)), null, null, null));
                    default -> throw ApiException.badRequest("invalid_commit", "Line " + n + ": unknown key '"
                            + key + "'; expected header, file, lfsFile, deletedFile or deletedFolder");
                }
            }
        }
        return c;
    }

    /** Adds the LFS paths a commit brings that the branch's .gitattributes does not track yet. */
    private FileOp gitattributes(Repo repo, String branch, List<String> lfsPaths) throws IOException {
        if (lfsPaths.isEmpty()) {
            return null;
        }
        String commit = repo.headCommit() == null ? null : existingCommit(repo, branch);
        Map<String, Long> probe = new LinkedHashMap<>();
        lfsPaths.forEach(p -> probe.put(p, 0L));
        Set<String> tracked = commit == null ? Set.of() : content.lfsPaths(repo, branch, probe);
        List<String> missing = lfsPaths.stream().filter(p -> !tracked.contains(p)).distinct().toList();
        if (missing.isEmpty()) {
            return null;
        }
        String current = "";
        boolean exists = commit != null && safeEntry(repo, commit, ".gitattributes").isPresent();
        if (exists) {
            try (InputStream in = content.open(repo, commit, ".gitattributes")) {
                current = new String(in.readNBytes(1024 * 1024), StandardCharsets.UTF_8);
            }
        }
        StringBuilder next = new StringBuilder(current);
        if (!current.isEmpty() && !current.endsWith("\n")) {
            next.append('\n');
        }
        for (String p : missing) {
            next.append(p.replace(" ", "[[:space:]]")).append(" filter=lfs diff=lfs merge=lfs -text\n");
        }
        return new FileOp("put", ".gitattributes", next.toString().getBytes(StandardCharsets.UTF_8), null, null);
    }

    // --- helpers

    private Map<String, Object> expanded(Repo repo, String commit, Entry e) {
        Map<String, Object> m = HfRepos.entry(e);
        List<CommitInfo> last = content.log(repo, commit, e.path(), 0, 1);
        if (!last.isEmpty()) {
            CommitInfo c = last.get(0);
            String title = c.message() == null ? "" : c.message().lines().findFirst().orElse("");
            m.put("lastCommit", Map.of("id", c.id(), "title", title,
                    "date", HfApiResource.iso(c.committer() == null ? null : c.committer().when())));
        }
        m.put("securityFileStatus", Map.of("status", "unscanned"));
        return m;
    }

    private Optional<Entry> safeEntry(Repo repo, String commit, String path) {
        return HfRepos.unlessMissing(() -> content.entry(repo, commit, path));
    }

    /** The branch's head, or null while the branch does not exist. */
    private String existingCommit(Repo repo, String branch) {
        return HfRepos.unlessMissing(() -> Optional.of(content.resolve(repo, branch))).orElse(null);
    }

    private String absolute(UriInfo uri, String rawPath, String rawQuery) {
        String base = hf.base(uri);
        String root = base.substring(0, base.length() - "/hf".length());
        return root + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    }

    static boolean isBinary(String base64Sample) {
        if (base64Sample.isEmpty()) {
            return false;
        }
        try {
            byte[] sample = Base64.getMimeDecoder().decode(base64Sample);
            for (byte b : sample) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean truthy(String v) {
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
    }

    private static int limit(String value, int max) {
        if (value == null || value.isBlank()) {
            return max;
        }
        try {
            int v = Integer.parseInt(value);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return Math.min(v, max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_limit", "limit must be a whole number >= 1");
        }
    }

    private static String trimSlashes(String p) {
        String s = p == null ? "" : p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String text(JsonNode v, String field) {
        JsonNode n = v.path(field);
        return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    private static String required(JsonNode v, String field, int line) {
        String s = text(v, field);
        if (s == null) {
            throw ApiException.badRequest("invalid_commit", "Line " + line + ": '" + field + "' is required");
        }
        return s;
    }

    private JsonNode parse(byte[] raw) {
        try {
            return raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "The body is not JSON: " + e.getMessage());
        }
    }

    private static Map<String, List<String>> form(String body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k.endsWith("[]") ? k.substring(0, k.length() - 2) : k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** Reads a body of at most {@code max} bytes; a larger one is refused with 413 before it is all read. */
    static byte[] readBounded(InputStream in, long max) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new ApiException(413, "payload_too_large", "The body is larger than " + max + " bytes");
        }
        return bytes;
    }
}
