package org.csghub.repo.git.internal.content;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;
import org.csghub.repo.api.RepoContent.Entry;
import org.csghub.repo.api.RepoContent.FileOp;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.repo.git.internal.ByteRange;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Browsing and editing a repository's files: refs, history, commits with diffs, trees, file metadata, raw
 * content with ranges, the multi-file commit, single-file uploads and archives. Revisions go in the {@code ref}
 * query parameter, so branch names with {@code /} need no escaping.
 *
 * <p>Uses exactly the registry's class path {@code api/v1/{segment}} (see RepoResource): JAX-RS merges the method
 * candidates of root classes only when their class paths are the same.
 */
@Component(service = ContentResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/{segment}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "repository content")
public class ContentResource {

    static final int MAX_INLINE_TEXT = 256 * 1024;

    private final Repositories repos;
    private final Permissions permissions;
    private final JGitContent content;

    @Activate
    public ContentResource(@Reference Repositories repos, @Reference Permissions permissions,
                           @Reference JGitContent content) {
        this.repos = repos;
        this.permissions = permissions;
        this.content = content;
    }

    @GET
    @Path("{namespace}/{name}/branches")
    @Operation(summary = "Branches with the commit each points at")
    public List<RepoContent.Ref> branches(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                                          @PathParam("name") String name, @Context SecurityContext security) {
        return content.branches(repo(segment, ns, name, security, Action.READ));
    }

    @GET
    @Path("{namespace}/{name}/tags")
    @Operation(summary = "Tags with the commit each points at")
    public List<RepoContent.Ref> tags(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                                      @PathParam("name") String name, @Context SecurityContext security) {
        return content.tags(repo(segment, ns, name, security, Action.READ));
    }

    @GET
    @Path("{namespace}/{name}/commits")
    @Operation(summary = "History of a revision, newest first, optionally of one path; paged")
    public Map<String, Object> commits(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                                       @PathParam("name") String name, @QueryParam("ref") String ref,
                                       @QueryParam("path") String path,
                                       @QueryParam("page") @DefaultValue("1") int page,
                                       @QueryParam("per_page") @DefaultValue("20") int perPage,
                                       @Context SecurityContext security) {
        if (page < 1 || perPage < 1 || perPage > 100) {
            throw ApiException.badRequest("invalid_paging", "page must be >= 1 and per_page 1..100");
        }
        Repo repo = repo(segment, ns, name, security, Action.READ);
        List<RepoContent.CommitInfo> commits = content.log(repo, ref, path, (page - 1) * perPage, perPage + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", commits.subList(0, Math.min(perPage, commits.size())));
        out.put("page", page);
        out.put("perPage", perPage);
        out.put("hasMore", commits.size() > perPage);
        return out;
    }

    @GET
    @Path("{namespace}/{name}/commits/{sha}")
    @Operation(summary = "A commit with its changes against its first parent (patches bounded)")
    public RepoContent.CommitDetail commit(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                                           @PathParam("name") String name, @PathParam("sha") String sha,
                                           @Context SecurityContext security) {
        return content.commit(repo(segment, ns, name, security, Action.READ), sha);
    }

    @GET
    @Path("{namespace}/{name}/tree")
    @Operation(summary = "A directory's entries at a revision, paged by cursor (the last path of the previous page)")
    public RepoContent.TreePage tree(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                                     @PathParam("name") String name, @QueryParam("ref") String ref,
                                     @QueryParam("path") String path,
                                     @QueryParam("recursive") @DefaultValue("false") boolean recursive,
                                     @QueryParam("cursor") String cursor,
                                     @QueryParam("limit") @DefaultValue("100") int limit,
                                     @Context SecurityContext security) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("invalid_paging", "limit must be 1..1000");
        }
        return content.tree(repo(segment, ns, name, security, Action.READ), ref, path, recursive, cursor, limit);
    }

    @GET
    @Path("{namespace}/{name}/blob/{path: .+}")
    @Operation(summary = "A file's metadata (size, blob id, LFS pointer) and, for small text files, its content")
    public Map<String, Object> blob(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                                    @PathParam("name") String name, @PathParam("path") String path,
                                    @QueryParam("ref") String ref, @Context SecurityContext security) throws IOException {
        Repo repo = repo(segment, ns, name, security, Action.READ);
        Entry e = file(repo, ref, path);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", e.path());
        out.put("name", e.path().substring(e.path().lastIndexOf('/') + 1));
        out.put("size", e.size());
        out.put("blobId", e.blobId());
        out.put("commit", content.resolve(repo, ref));
        out.put("lfs", e.lfs());
        if (e.lfs() == null && e.size() <= MAX_INLINE_TEXT) {
            byte[] bytes;
            try (InputStream in = content.open(repo, ref, e.path())) {
                bytes = in.readAllBytes();
            }
            Optional<String> text = utf8(bytes);
            out.put("binary", text.isEmpty());
            out.put("content", text.orElse(null));
        } else {
            out.put("binary", e.lfs() != null);
            out.put("content", null);
        }
        return out;
    }

    @GET
    @Path("{namespace}/{name}/raw/{path: .+}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "A file's bytes (LFS content for LFS files), with Range support")
    public Response raw(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                        @PathParam("name") String name, @PathParam("path") String path, @QueryParam("ref") String ref,
                        @HeaderParam("Range") String range, @Context SecurityContext security) throws IOException {
        Repo repo = repo(segment, ns, name, security, Action.READ);
        Entry e = file(repo, ref, path);
        String fileName = e.path().substring(e.path().lastIndexOf('/') + 1);
        long size = e.size();
        ByteRange span = ByteRange.parse(range, size);
        if (span == ByteRange.UNSATISFIABLE) {
            return Response.status(416).header("Content-Range", "bytes */" + size).build();
        }
        if (span == null) {
            repos.countDownload(repo.id());
        }
        if (e.lfs() != null) {
            Optional<URI> direct = content.lfs().presignGet(e.lfs().oid(), Duration.ofMinutes(10), fileName);
            if (direct.isPresent()) {
                return Response.status(302).location(direct.get()).header("ETag", "\"" + e.lfs().oid() + "\"").build();
            }
        }
        long offset = span == null ? 0 : span.first();
        long length = span == null ? size : span.length();
        StreamingOutput body = out -> {
            try (InputStream in = e.lfs() != null ? content.lfs().open(e.lfs().oid(), offset, length)
                    : ByteRange.slice(content.open(repo, ref, e.path()), offset, length)) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder r = Response.status(span == null ? 200 : 206).entity(body)
                .type(contentType(fileName)).header("Content-Length", length).header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + (e.lfs() != null ? e.lfs().oid() : e.blobId()) + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "inline; filename=\"" + fileName.replaceAll("[\"\\\\\\r\\n]", "_") + "\"");
        if (span != null) {
            r.header("Content-Range", "bytes " + span.first() + "-" + span.last() + "/" + size);
        }
        return r.build();
    }

    /** The JSON form of the multi-file commit. */
    public record CommitOperation(String op, String path, String from, String content, String contentText,
                                  LfsPointer lfs) {
    }

    public record CommitRequest(String branch, String message, String parentCommit, List<CommitOperation> operations) {
    }

    @POST
    @Path("{namespace}/{name}/commits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "One commit of creates, updates, deletes and moves; large files and .gitattributes LFS patterns go to LFS")
    public Response commit(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                           @PathParam("name") String name, CommitRequest body, @Context SecurityContext security)
            throws IOException {
        Repo repo = repo(segment, ns, name, security, Action.WRITE);
        if (body == null || body.operations() == null) {
            throw new ApiException(422, "invalid_commit", "a JSON body with operations is required");
        }
        List<FileOp> ops = new ArrayList<>();
        for (CommitOperation o : body.operations()) {
            if (o == null) {
                throw new ApiException(422, "invalid_commit", "an operation is null");
            }
            byte[] bytes = null;
            if (o.content() != null) {
                try {
                    bytes = Base64.getDecoder().decode(o.content());
                } catch (IllegalArgumentException e) {
                    throw new ApiException(422, "invalid_commit", "'" + o.path() + "': content is not base64");
                }
            } else if (o.contentText() != null) {
                bytes = o.contentText().getBytes(StandardCharsets.UTF_8);
            }
            ops.add(new FileOp(o.op(), o.path(), bytes, o.lfs(), o.from()));
        }
        RepoContent.CommitInfo c = content.commit(repo, new RepoContent.CommitRequest(body.branch(), body.message(),
                body.parentCommit(), ops), Subject.of(security));
        return Response.status(201).entity(c).build();
    }

    @PUT
    @Path("{namespace}/{name}/files/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload one file as one commit (streamed; large files and LFS patterns go to LFS)")
    public Response upload(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                           @PathParam("name") String name, @PathParam("path") String path,
                           @QueryParam("branch") String branch, @QueryParam("message") String message,
                           InputStream body, @Context SecurityContext security) throws IOException {
        Repo repo = repo(segment, ns, name, security, Action.WRITE);
        String file = RepoPaths.file(path);
        java.nio.file.Path tmp = Files.createTempFile("csghub-upload", ".bin");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                size = body.transferTo(out);
            }
            String oid = HexFormat.of().formatHex(sha.digest());
            String b = branch == null || branch.isBlank() ? repo.defaultBranch() : branch;
            boolean exists = content.entry(repo, null, "").isPresent() && existsAt(repo, b, file);
            FileOp op;
            if (size > content.gitRepos().config().maxNonLfsFileBytes() || content.lfsTracked(repo, b, file)) {
                op = new FileOp(exists ? "update" : "create", file, null, content.storeLfs(repo, tmp, oid, size), null);
            } else {
                op = new FileOp(exists ? "update" : "create", file, Files.readAllBytes(tmp), null, null);
            }
            RepoContent.CommitInfo c = content.commit(repo, new RepoContent.CommitRequest(b,
                    message == null || message.isBlank() ? "Upload " + file : message, null, List.of(op)),
                    Subject.of(security));
            return Response.status(201).entity(c).build();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @GET
    @Path("{namespace}/{name}/archive/{ref: .+}.{format: zip|tar\\.gz}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "A revision as a zip or tar.gz (LFS files included as their content), size-limited")
    public Response archive(@PathParam("segment") String segment, @PathParam("namespace") String ns,
                            @PathParam("name") String name, @PathParam("ref") String ref,
                            @PathParam("format") String format, @Context SecurityContext security) {
        Repo repo = repo(segment, ns, name, security, Action.READ);
        Archives.Plan plan = Archives.plan(content, repo, ref);
        long limit = content.gitRepos().config().maxArchiveBytes();
        if (plan.bytes() > limit) {
            throw new ApiException(413, "archive_too_large", "the content of " + ref + " is " + plan.bytes()
                    + " bytes, more than the " + limit + " an archive may hold; clone it instead");
        }
        repos.countDownload(repo.id());
        String base = repo.name() + "-" + ref.replaceAll("[^A-Za-z0-9._-]", "_");
        StreamingOutput body = out -> Archives.write(content, repo, plan, base, format, out);
        return Response.ok(body).type("zip".equals(format) ? "application/zip" : "application/gzip")
                .header("Content-Disposition", "attachment; filename=\"" + base + "." + format + "\"").build();
    }

    // --- helpers

    private Repo repo(String segment, String ns, String name, SecurityContext security, Action action) {
        RepoType type = repos.typeForSegment(segment)
                .orElseThrow(() -> ApiException.notFound("no repository type '" + segment + "'"));
        Repo repo = repos.find(type.name(), ns, name)
                .orElseThrow(() -> ApiException.notFound(type.name() + " " + ns + "/" + name + " does not exist"));
        permissions.require(Subject.of(security), action, repo.ref());
        return repo;
    }

    private Entry file(Repo repo, String ref, String path) {
        Entry e = content.entry(repo, ref, RepoPaths.file(path))
                .orElseThrow(() -> new ApiException(404, "entry_not_found", "'" + path + "' does not exist"));
        if (!"file".equals(e.type())) {
            throw new ApiException(404, "entry_not_found", "'" + path + "' is not a file");
        }
        return e;
    }

    private boolean existsAt(Repo repo, String branch, String file) {
        try {
            return content.entry(repo, branch, file).isPresent();
        } catch (ApiException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    static Optional<String> utf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return Optional.empty();
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return Optional.of(decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** What a browser may be given: active content (HTML, SVG, JS) is served as plain text from the hub's origin. */
    static String contentType(String fileName) {
        String guessed = URLConnection.guessContentTypeFromName(fileName);
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".md") || lower.endsWith(".txt") || lower.endsWith(".py") || lower.endsWith(".yaml")
                || lower.endsWith(".yml") || lower.endsWith(".csv") || lower.endsWith(".jsonl")) {
            return "text/plain; charset=utf-8";
        }
        if (lower.endsWith(".json")) {
            return "application/json";
        }
        if (guessed == null) {
            return "application/octet-stream";
        }
        if (guessed.contains("html") || guessed.contains("svg") || guessed.contains("javascript") || guessed.contains("xml")) {
            return "text/plain; charset=utf-8";
        }
        return guessed;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
