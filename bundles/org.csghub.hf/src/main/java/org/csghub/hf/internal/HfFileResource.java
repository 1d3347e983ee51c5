package org.csghub.hf.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.io.IOUtils;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent;
import org.csghub.repo.api.RepoContent.Entry;
import org.csghub.repo.api.Repositories;
import org.csghub.rest.ApiException;
import org.csghub.rest.ByteRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * File downloads the HF way: {@code /hf/{ns}/{name}/resolve/{rev}/{path}} (models) and
 * {@code /hf/datasets|spaces/...}, GET and HEAD, with {@code X-Repo-Commit}, {@code ETag} (the Git blob id, or
 * the LFS oid), {@code X-Linked-Etag} and {@code X-Linked-Size} for LFS files, {@code Accept-Ranges} and 206 with
 * {@code Content-Range}. An LFS file redirects (302) to a presigned URL when the object store can presign, and is
 * streamed from the store otherwise. {@code raw} answers the Git blob (an LFS file's pointer). No Xet headers are
 * sent, so clients use plain HTTP.
 */
@Component(service = HfFileResource.class, scope = ServiceScope.PROTOTYPE, configurationPid = HfConfig.PID)
@JakartarsResource
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("hf")
@Tag(name = "huggingface")
public class HfFileResource {

    private static final Duration PRESIGN_TTL = Duration.ofHours(1);

    private final HfRepos hf;
    private final RepoContent content;
    private final LfsStore lfs;

    @Activate
    public HfFileResource(@Reference Repositories repos, @Reference Permissions permissions,
                          @Reference RepoContent content,
                          @Reference(cardinality = ReferenceCardinality.OPTIONAL,
                                  policyOption = ReferencePolicyOption.GREEDY) LfsStore lfs,
                          HfConfig config) {
        this.hf = new HfRepos(repos, permissions, config);
        this.content = content;
        this.lfs = lfs;
    }

    @GET
    @Path("{kind: (?:datasets/|spaces/)?}{namespace}/{name}/{mode: resolve|raw}/{revision}/{path: .+}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "HF hf_hub_download: a file at a revision (models at the root, datasets/ and spaces/ "
            + "below); HEAD answers the same headers without the body")
    public Response file(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                         @PathParam("name") String name, @PathParam("mode") String mode,
                         @PathParam("revision") String revision, @PathParam("path") String path,
                         @HeaderParam("Range") String range, @Context Request request,
                         @Context SecurityContext security) {
        String segment = kind.isEmpty() ? "models" : kind.substring(0, kind.length() - 1);
        return file(segment, namespace, name, mode, revision, path, range, request.getMethod().equals("HEAD"),
                security);
    }

    private Response file(String kind, String namespace, String name, String mode, String revision, String path,
                          String range, boolean head, SecurityContext security) {
        return HfErrors.handle(HfErrors.REPO_NOT_FOUND, () -> {
            Repo repo = hf.require(Subject.of(security), kind, namespace, name, Action.READ);
            String commit = HfRepos.commit(content, repo, revision);
            Entry e = HfRepos.unlessMissing(() -> content.entry(repo, commit, path))
                    .filter(x -> "file".equals(x.type())).orElse(null);
            if (e == null) {
                return HfErrors.error(404, HfErrors.ENTRY_NOT_FOUND, "Entry not found: " + path + " at " + revision,
                        java.util.Map.of("X-Repo-Commit", commit));
            }
            boolean viaLfs = e.lfs() != null && mode.equals("resolve");
            long size = viaLfs ? e.lfs().size() : rawSize(repo, commit, e);
            String etag = "\"" + (viaLfs ? e.lfs().oid() : e.blobId()) + "\"";
            ByteRange r = ByteRange.parse(range, size);
            if (r == ByteRange.UNSATISFIABLE) {
                return Response.status(416).header("Content-Range", "bytes */" + size)
                        .header("X-Repo-Commit", commit).build();
            }
            if (!head && (r == null || r.first() == 0)) {
                hf.repositories().countDownload(repo.id());
            }
            String fileName = e.path().substring(e.path().lastIndexOf('/') + 1);
            if (viaLfs) {
                LfsStore store = lfs;
                if (store == null) {
                    throw new ApiException(503, "lfs_unavailable", "LFS storage is not available right now");
                }
                Optional<URI> direct = store.presignGet(e.lfs().oid(), PRESIGN_TTL, fileName);
                if (direct.isPresent()) {
                    return Response.status(302).location(direct.get())
                            .header("X-Repo-Commit", commit)
                            .header("X-Linked-Etag", etag)
                            .header("X-Linked-Size", size)
                            .header(HttpHeaders.ETAG, etag)
                            .header(HttpHeaders.CONTENT_LENGTH, 0)
                            .build();
                }
            }
            long start = r == null ? 0 : r.first();
            long length = r == null ? size : r.last() - r.first() + 1;
            Entry entry = e;
            StreamingOutput body = out -> {
                try (InputStream in = viaLfs ? lfs.open(entry.lfs().oid(), start, length)
                        : content.open(repo, commit, entry.path())) {
                    if (!viaLfs) {
                        in.skipNBytes(start);
                    }
                    IOUtils.copyLarge(in, out, 0, length);
                }
            };
            Response.ResponseBuilder reply = Response.status(r == null ? 200 : 206)
                    .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .header(HttpHeaders.CONTENT_LENGTH, length)
                    .header(HttpHeaders.ETAG, etag)
                    .header("Accept-Ranges", "bytes")
                    .header("X-Repo-Commit", commit)
                    .header("Content-Disposition", "attachment; filename=\"" + fileName.replace("\"", "") + "\"")
                    .header("X-Content-Type-Options", "nosniff");
            if (viaLfs) {
                reply.header("X-Linked-Etag", etag).header("X-Linked-Size", size);
            }
            if (r != null) {
                reply.header("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
            }
            if (!head && length > 0) {
                reply.entity(body);
            }
            return reply.build();
        });
    }

    /** The Git blob's size: for {@code raw} of an LFS file, the pointer's. */
    private long rawSize(Repo repo, String commit, Entry e) throws IOException {
        if (e.lfs() == null) {
            return e.size();
        }
        try (InputStream in = content.open(repo, commit, e.path())) {
            return in.readAllBytes().length;
        }
    }
}
