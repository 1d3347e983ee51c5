package org.csghub.repo.git.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUpload;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.UploadContext;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.LfsStore;
import org.csghub.repo.api.Repo;
import org.csghub.repo.api.RepoContent.CommitInfo;
import org.csghub.repo.api.RepoContent.CommitRequest;
import org.csghub.repo.api.RepoContent.FileOp;
import org.csghub.repo.api.RepoContent.LfsPointer;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A {@code multipart/form-data} upload of files into one directory, committed at once. Each file part is
 * streamed to a temporary file while it is hashed and counted (never held in memory), then goes to LFS or
 * into the Git object database. Form fields {@code branch}, {@code message}, {@code parent_commit} and
 * {@code path} (the target directory) may come anywhere in the body or as query parameters.
 */
final class Uploads {

    private static final int MAX_FIELD_BYTES = 64 * 1024;

    /** One spooled file part. */
    private record Part(String name, Path file, long size, String sha256) {
    }

    private final GitContent content;

    Uploads(GitContent content) {
        this.content = content;
    }

    CommitInfo upload(Repo repo, String contentType, InputStream body, Map<String, String> query, Subject author)
            throws IOException {
        Map<String, String> fields = fields(query);
        List<Part> parts = new ArrayList<>();
        try {
            read(contentType, body, fields, parts);
            return commit(repo, fields, parts, author);
        } finally {
            for (Part part : parts) {
                Files.deleteIfExists(part.file());
            }
        }
    }

    /** One file, the request body itself, at {@code path} (any {@code path} field is ignored). */
    CommitInfo single(Repo repo, String path, InputStream body, Map<String, String> query, Subject author)
            throws IOException {
        Map<String, String> fields = fields(query);
        fields.remove("path");
        List<Part> parts = new ArrayList<>();
        try {
            parts.add(spool(PathRules.file(path), body, content.config().maxUploadBytes()));
            return commit(repo, fields, parts, author);
        } finally {
            for (Part part : parts) {
                Files.deleteIfExists(part.file());
            }
        }
    }

    private static Map<String, String> fields(Map<String, String> query) {
        Map<String, String> fields = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null) {
                fields.put(k, v);
            }
        });
        return fields;
    }

    private CommitInfo commit(Repo repo, Map<String, String> fields, List<Part> parts, Subject author)
            throws IOException {
        {
            if (parts.isEmpty()) {
                throw new ApiException(422, "invalid_upload", "The upload has no files");
            }
            String branch = PathRules.branch(fields.getOrDefault("branch", repo.defaultBranch()));
            String dir = PathRules.directory(fields.get("path"));
            String message = fields.getOrDefault("message", "Upload " + (parts.size() == 1
                    ? parts.get(0).name() : parts.size() + " files"));
            LfsRules rules = uploadedAttributes(dir, parts);
            if (rules == null) {
                rules = content.lfsRules(repo, branch);
            }
            Map<String, ObjectId> staged = new LinkedHashMap<>();
            List<FileOp> ops = new ArrayList<>();
            for (Part part : parts) {
                String path = PathRules.file(dir.isEmpty() ? part.name() : dir + "/" + part.name());
                String op = exists(repo, branch, path) ? "update" : "create";
                if (content.belongsInLfs(rules, path, part.size())) {
                    LfsStore lfs = content.lfs().orElseThrow(() -> new ApiException(503, "lfs_unavailable",
                            "LFS storage is not available right now; " + path + " belongs in LFS"));
                    try (InputStream in = Files.newInputStream(part.file())) {
                        lfs.put(part.sha256(), part.size(), in);
                    }
                    ops.add(new FileOp(op, path, null, new LfsPointer(part.sha256(), part.size()), null));
                } else {
                    try (InputStream in = Files.newInputStream(part.file())) {
                        staged.put(path, content.stage(repo, in, part.size()));
                    }
                    ops.add(new FileOp(op, path, null, null, null));
                }
            }
            return content.commit(repo, new CommitRequest(branch, message, fields.get("parent_commit"), ops), author,
                    staged);
        }
    }

    private void read(String contentType, InputStream body, Map<String, String> fields, List<Part> parts)
            throws IOException {
        long max = content.config().maxUploadBytes();
        FileUpload upload = new FileUpload();
        upload.setHeaderEncoding(StandardCharsets.UTF_8.name());
        long total = 0;
        try {
            FileItemIterator items = upload.getItemIterator(new Context(contentType, body));
            while (items.hasNext()) {
                FileItemStream item = items.next();
                try (InputStream in = item.openStream()) {
                    if (item.isFormField()) {
                        fields.put(item.getFieldName(), field(in, item.getFieldName()));
                        continue;
                    }
                    String name = item.getName();
                    if (name == null || name.isEmpty()) {
                        throw new ApiException(422, "invalid_upload", "A file part has no file name");
                    }
                    PathRules.file(name);
                    Part part = spool(name, in, max - total);
                    parts.add(part);
                    total += part.size();
                }
            }
        } catch (FileUploadException e) {
            throw new ApiException(400, "invalid_multipart", "Cannot read the multipart body: " + e.getMessage());
        }
    }

    private static String field(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw new ApiException(422, "invalid_upload", "Form field " + name + " is too long");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Part spool(String name, InputStream in, long room) throws IOException {
        Path file = Files.createTempFile("csghub-upload-", ".part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                size += n;
                if (size > room) {
                    throw new ApiException(413, "payload_too_large", "The upload is larger than the limit");
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Part(name, file, size, HexFormat.of().formatHex(sha.digest()));
    }

    /** The rules of an uploaded top-level {@code .gitattributes}, which govern the files uploaded with it. */
    private static LfsRules uploadedAttributes(String dir, List<Part> parts) throws IOException {
        if (!dir.isEmpty()) {
            return null;
        }
        for (Part part : parts) {
            if (part.name().equals(".gitattributes") && part.size() <= 1024 * 1024) {
                return LfsRules.parse(Files.readAllBytes(part.file()));
            }
        }
        return null;
    }

    private boolean exists(Repo repo, String branch, String path) {
        try {
            return content.entry(repo, branch, path).isPresent();
        } catch (ApiException e) {
            if (e.status() == 404) {
                // the branch does not exist yet: everything is new
                return false;
            }
            throw e;
        }
    }

    /** The request as commons-fileupload reads it. */
    private record Context(String contentType, InputStream body) implements UploadContext {
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        @Deprecated
        public int getContentLength() {
            return -1;
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }
    }
}
