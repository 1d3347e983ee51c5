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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.IOUtils;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.rest.ByteRange;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent.CommitDetail;
import org.csghub.repo.api.RepoContent.CommitInfo;
import org.csghub.repo.api.RepoContent.CommitRequest;
import org.csghub.repo.api.RepoContent.Entry;
import org.csghub.repo.api.RepoContent.FileOp;
import org.csghub.repo.api.RepoContent.Ref;
import org.csghub.repo.api.RepoContent.TreePage;
import org.csghub.repo.api.RepoType;
import org.csghub.repo.api.Repositories;
import org.csghub.rest.ApiException;
import org.csghub.rest.OwnBodyLimit;
import org.eclipse.jgit.diff.RawText;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Browsing a repository and committing to it: refs, log, commit diffs, trees, blobs, raw files (with ranges;
 * LFS files with their content), archives, the multi-file commit and multipart uploads. Shares its class path
 * with the registry's resource ({@code api/v1/{segment}}) so JAX-RS merges the two sets of routes. Revisions
 * containing {@code /} go in the {@code ref} query parameter.
 */
@Component(service = ContentResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect(ContentResource.ACCOUNTS)
@Path("api/v1/{segment}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "repository content")
public class ContentResource {

    /** The accounts feature (authentication, rate limits, audit) must run in front of every route here. */
    static final String ACCOUNTS = "(osgi.jakartars.name=csghub.accounts)";

    private static final int MAX_PER_PAGE = 100;
    private static final int MAX_TREE_LIMIT = 1000;
    private static final Duration PRESIGN_TTL = Duration.ofHours(1);

    private final Repositories repositories;
    private final Permissions permissions;
    private final GitContent content;

    @Activate
    public ContentResource(@Reference Repositories repositories, @Reference Permissions permissions,
                           @Reference GitContent content) {
        this.repositories = repositories;
        this.permissions = permissions;
        this.content = content;
    }

    @GET
    @Path("{namespace}/{name}/branches")
    @Operation(summary = "The repository's branches and the commits they point at")
    public List<Ref> branches(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                              @PathParam("name") String name, @Context SecurityContext security) {
        return content.branches(repo(segment, namespace, name, security, Action.READ));
    }

    @GET
    @Path("{namespace}/{name}/tags")
    @Operation(summary = "The repository's tags and the commits they name")
    public List<Ref> tags(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                          @PathParam("name") String name, @Context SecurityContext security) {
        return content.tags(repo(segment, namespace, name, security, Action.READ));
    }

    @GET
    @Path("{namespace}/{name}/commits")
    @Operation(summary = "Commits of a revision, newest first, optionally only those touching a path; paged")
    public Views.CommitPage commits(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                                    @PathParam("name") String name, @QueryParam("ref") String ref,
                                    @QueryParam("path") String path,
                                    @QueryParam("page") @DefaultValue("1") int page,
                                    @QueryParam("per_page") @DefaultValue("20") int perPage,
                                    @Context SecurityContext security) {
        Repo repo = repo(segment, namespace, name, security, Action.READ);
        int p = Math.max(1, page);
        int size = Math.max(1, Math.min(MAX_PER_PAGE, perPage));
        if (emptyDefault(repo, ref)) {
            return new Views.CommitPage(List.of(), p, size, false);
        }
        List<CommitInfo> commits = content.log(repo, revision(repo, ref), path, (p - 1) * size, size + 1);
        boolean more = commits.size() > size;
        return new Views.CommitPage(more ? commits.subList(0, size) : commits, p, size, more);
    }

    @GET
    @Path("{namespace}/{name}/commits/{sha}")
    @Operation(summary = "A commit with its per-file diff against its first parent (bounded in size)")
    public CommitDetail commit(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                               @PathParam("name") String name, @PathParam("sha") String sha,
                               @Context SecurityContext security) {
        return content.commit(repo(segment, namespace, name, security, Action.READ), sha);
    }

    @POST
    @Path("{namespace}/{name}/commits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create, update, delete and move files in one commit on a branch; 409 when parent_commit "
            + "is no longer the branch head")
    public Response createCommit(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                                 @PathParam("name") String name, Views.CommitBody body,
                                 @Context SecurityContext security) throws IOException {
        Repo repo = repo(segment, namespace, name, security, Action.WRITE);
        if (body == null) {
            throw new ApiException(422, "invalid_commit", "A JSON body is required");
        }
        List<FileOp> ops = new ArrayList<>();
        if (body.operations() != null) {
            for (Views.Operation op : body.operations()) {
                ops.add(fileOp(op));
            }
        }
        String branch = body.branch() == null || body.branch().isBlank() ? repo.defaultBranch() : body.branch();
        CommitInfo commit = content.commit(repo, new CommitRequest(branch, body.message(), body.parentCommit(), ops),
                Subject.of(security));
        return Response.status(201).entity(commit).build();
    }

    private static FileOp fileOp(Views.Operation op) {
        if (op == null) {
            throw new ApiException(422, "invalid_operation", "An operation is null");
        }
        if (op.content() != null && op.contentText() != null) {
            throw new ApiException(422, "invalid_operation", "Give content or content_text for " + op.path()
                    + ", not both", Map.of("path", String.valueOf(op.path())));
        }
        byte[] bytes = null;
        if (op.content() != null) {
            try {
                bytes = Base64.getMimeDecoder().decode(op.content());
            } catch (IllegalArgumentException e) {
                throw new ApiException(422, "invalid_operation", "content of " + op.path() + " is not base64",
                        Map.of("path", String.valueOf(op.path())));
            }
        } else if (op.contentText() != null) {
            bytes = op.contentText().getBytes(StandardCharsets.UTF_8);
        }
        return new FileOp(op.op(), op.path(), bytes, op.lfs(), op.from());
    }

    @POST
    @Path("{namespace}/{name}/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @OwnBodyLimit
    @Operation(summary = "Upload files (multipart/form-data) into a directory in one commit; fields branch, path, "
            + "message, parent_commit; large and LFS-tracked files go to LFS")
    public Response upload(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @QueryParam("branch") String branch, @QueryParam("path") String path,
                           @QueryParam("message") String message, @QueryParam("parent_commit") String parentCommit,
                           InputStream body, @Context SecurityContext security) throws IOException {
        Repo repo = repo(segment, namespace, name, security, Action.WRITE);
        Map<String, String> query = new HashMap<>();
        query.put("branch", branch);
        query.put("path", path);
        query.put("message", message);
        query.put("parent_commit", parentCommit);
        CommitInfo commit = new Uploads(content).upload(repo, contentType, body, query, Subject.of(security));
        return Response.status(201).entity(commit).build();
    }

    @PUT
    @Path("{namespace}/{name}/files/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @OwnBodyLimit
    @Operation(summary = "Upload one file (the request body, streamed) as a commit; query branch, message, "
            + "parent_commit; large and LFS-tracked files go to LFS")
    public Response put(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                        @PathParam("name") String name, @PathParam("path") String path,
                        @QueryParam("branch") String branch, @QueryParam("message") String message,
                        @QueryParam("parent_commit") String parentCommit, InputStream body,
                        @Context SecurityContext security) throws IOException {
        Repo repo = repo(segment, namespace, name, security, Action.WRITE);
        Map<String, String> query = new HashMap<>();
        query.put("branch", branch);
        query.put("message", message);
        query.put("parent_commit", parentCommit);
        CommitInfo commit = new Uploads(content).single(repo, path, body, query, Subject.of(security));
        return Response.status(201).entity(commit).build();
    }

    @GET
    @Path("{namespace}/{name}/tree")
    @Operation(summary = "A directory's entries (recursive: all files below it) in path order, paged by cursor "
            + "(the previous page's next); LFS files carry the object's size and oid")
    public Response tree(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                         @PathParam("name") String name, @QueryParam("ref") String ref,
                         @QueryParam("path") String path, @QueryParam("recursive") boolean recursive,
                         @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("100") int limit,
                         @Context UriInfo uri, @Context SecurityContext security) {
        Repo repo = repo(segment, namespace, name, security, Action.READ);
        if (emptyDefault(repo, ref)) {
            return Response.ok(new TreePage(repo.defaultBranch(), null, List.of(), null)).build();
        }
        int size = Math.max(1, Math.min(MAX_TREE_LIMIT, limit));
        TreePage page = content.tree(repo, revision(repo, ref), path, recursive, cursor, size);
        Response.ResponseBuilder ok = Response.ok(page);
        if (page.next() != null) {
            URI next = uri.getRequestUriBuilder().replaceQueryParam("cursor", page.next()).build();
            ok.link(next, "next");
        }
        return ok.build();
    }

    @GET
    @Path("{namespace}/{name}/blob/{path: .+}")
    @Operation(summary = "A file's metadata (LFS object included) and, for a small text file, its content")
    public Views.Blob blob(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @PathParam("path") String path,
                           @QueryParam("ref") String ref, @Context SecurityContext security) throws IOException {
        Repo repo = repo(segment, namespace, name, security, Action.READ);
        String revision = revision(repo, ref);
        String commit = content.resolve(repo, revision);
        Entry e = content.requireEntry(repo, commit, PathRules.file(path));
        if (!"file".equals(e.type()) || e.lfs() != null) {
            return new Views.Blob(e.path(), e.type(), e.size(), e.blobId(), e.lfs(), commit, e.lfs() != null, null);
        }
        if (e.size() > content.config().maxInlineTextBytes()) {
            return new Views.Blob(e.path(), e.type(), e.size(), e.blobId(), null, commit, false, null);
        }
        byte[] bytes;
        try (InputStream in = content.open(repo, commit, e.path())) {
            bytes = in.readAllBytes();
        }
        boolean binary = RawText.isBinary(bytes, bytes.length, true);
        return new Views.Blob(e.path(), e.type(), e.size(), e.blobId(), null, commit, binary,
                binary ? null : new String(bytes, StandardCharsets.UTF_8));
    }

    @GET
    @Path("{namespace}/{name}/raw/{path: .+}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "A file's bytes (an LFS file's content, or a redirect to it); Range requests answer 206")
    public Response raw(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                        @PathParam("name") String name, @PathParam("path") String path,
                        @QueryParam("ref") String ref, @HeaderParam("Range") String range,
                        @HeaderParam("If-None-Match") String ifNoneMatch, @Context SecurityContext security)
            throws IOException {
        Repo repo = repo(segment, namespace, name, security, Action.READ);
        String commit = content.resolve(repo, revision(repo, ref));
        Entry e = content.requireEntry(repo, commit, PathRules.file(path));
        if (!"file".equals(e.type())) {
            throw new ApiException(404, "not_found", "'" + e.path() + "' is a directory, not a file",
                    Map.of("path", e.path()));
        }
        String etag = "\"" + (e.lfs() != null ? e.lfs().oid() : e.blobId()) + "\"";
        String fileName = e.path().substring(e.path().lastIndexOf('/') + 1);
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        long size = e.size();
        ByteRange r = ByteRange.parse(range, size);
        if (r == ByteRange.UNSATISFIABLE) {
            throw new ApiException(416, "range_not_satisfiable", "The range " + range + " is outside the file's "
                    + size + " bytes").withHeader("Content-Range", "bytes */" + size);
        }
        Optional<LfsStore> lfs = content.lfs();
        if (e.lfs() != null) {
            LfsStore store = lfs.orElseThrow(() -> new ApiException(503, "lfs_unavailable",
                    "LFS storage is not available right now"));
            if (r == null || r.first() == 0) {
                repositories.countDownload(repo.id());
            }
            Optional<URI> direct = store.presignGet(e.lfs().oid(), PRESIGN_TTL, fileName);
            if (direct.isPresent()) {
                return Response.status(302).location(direct.get()).header("X-Repo-Commit", commit).build();
            }
        }
        String type = MediaTypes.of(fileName, e.lfs() == null && size <= 8000 && text(repo, commit, e));
        long start = r == null ? 0 : r.first();
        long length = r == null ? size : r.length();
        StreamingOutput body = out -> {
            try (InputStream in = e.lfs() != null
                    ? lfs.orElseThrow().open(e.lfs().oid(), start, length)
                    : content.open(repo, commit, e.path())) {
                if (e.lfs() == null) {
                    in.skipNBytes(start);
                }
                IOUtils.copyLarge(in, out, 0, length);
            }
        };
        Response.ResponseBuilder reply = Response.status(r == null ? 200 : 206).entity(body).type(type)
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header(HttpHeaders.ETAG, etag)
                .header("Accept-Ranges", "bytes")
                .header("X-Repo-Commit", commit)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("Content-Disposition", MediaTypes.inline(type) ? "inline" : attachment(fileName));
        if (r != null) {
            reply.header("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
        }
        return reply.build();
    }

    private boolean text(Repo repo, String commit, Entry e) throws IOException {
        try (InputStream in = content.open(repo, commit, e.path())) {
            byte[] head = in.readNBytes(8000);
            return !RawText.isBinary(head, head.length, true);
        }
    }

    @GET
    @Path("{namespace}/{name}/archive/{file: .+}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "A revision as {ref}.zip or {ref}.tar.gz, LFS files with their content; 413 above the "
            + "archive limit")
    public Response archive(@PathParam("segment") String segment, @PathParam("namespace") String namespace,
                            @PathParam("name") String name, @PathParam("file") String file,
                            @QueryParam("ref") String ref, @Context SecurityContext security) {
        Repo repo = repo(segment, namespace, name, security, Action.READ);
        Archives.Format format = null;
        for (Archives.Format f : Archives.Format.values()) {
            if (file.endsWith(f.suffix)) {
                format = f;
            }
        }
        if (format == null) {
            throw ApiException.notFound("Archives are {ref}.zip or {ref}.tar.gz");
        }
        String revision = ref != null && !ref.isBlank() ? ref
                : file.substring(0, file.length() - format.suffix.length());
        Archives archives = new Archives(content);
        Archives.Plan plan = archives.plan(repo, revision);
        repositories.countDownload(repo.id());
        Archives.Format chosen = format;
        StreamingOutput body = out -> archives.write(repo, plan, chosen, out);
        return Response.ok(body, chosen.mediaType)
                .header("Content-Disposition", attachment(plan.root() + chosen.suffix))
                .header("X-Repo-Commit", plan.commit())
                .build();
    }

    private static String attachment(String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Repo repo(String segment, String namespace, String name, SecurityContext security, Action action) {
        RepoType type = repositories.typeForSegment(segment)
                .orElseThrow(() -> ApiException.notFound("No repository type " + segment));
        Repo repo = repositories.find(type.name(), namespace, name)
                .orElseThrow(() -> ApiException.notFound("Repository " + namespace + "/" + name + " not found"));
        permissions.require(Subject.of(security), action, repo.ref());
        return repo;
    }

    private static String revision(Repo repo, String ref) {
        return ref == null || ref.isBlank() ? repo.defaultBranch() : ref;
    }

    /** A repository nothing was pushed to, browsed at its default branch: empty lists rather than 404. */
    private boolean emptyDefault(Repo repo, String ref) {
        return (ref == null || ref.isBlank() || ref.equals(repo.defaultBranch())) && content.isEmpty(repo);
    }

}
