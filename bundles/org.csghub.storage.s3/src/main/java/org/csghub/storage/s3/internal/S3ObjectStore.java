package org.csghub.storage.s3.internal;

import org.csghub.storage.api.ObjectKeys;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.csghub.storage.api.ContentMismatchException;
import org.csghub.storage.api.ObjectStore;
import org.csghub.storage.api.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects in one S3 bucket, through minio-java (embedded in this bundle).
 *
 * <p>A put never exposes unchecked content: it uploads to {@code .tmp/<random>} (multipart above the part size,
 * so any size streams through in bounded memory) while hashing and counting the caller's stream, checks size
 * and digest, then copies server-side to the key (a multipart copy above 5 GiB) with the digest as user
 * metadata {@code sha256}, and deletes the temporary object. A failed put deletes it too; what a crash leaves
 * under {@code .tmp/} is removed a day later, when a store starts. (Abandoned multipart uploads are S3's to
 * expire: give the bucket an AbortIncompleteMultipartUpload lifecycle rule.)
 *
 * <p>Objects written through {@link #presignPut} bypass that check; whoever hands out the URL verifies the
 * object afterwards ({@link #stat}, {@link #open}).
 */
public class S3ObjectStore implements ObjectStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    static final String SHA256_METADATA = "sha256";
    private static final Duration STALE_TEMP_AGE = Duration.ofDays(1);
    private static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NotFound", "NoSuchObject", "404");
    private static final Set<String> REFUSED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidSecurity", "InvalidToken", "ExpiredToken", "403");

    private final S3Settings settings;
    private final MinioClient client;
    private final MinioClient presigner;
    private volatile boolean bucketReady;

    public S3ObjectStore(S3Settings settings) {
        this.settings = settings;
        this.client = client(settings, settings.endpoint());
        this.presigner = settings.publicEndpoint() == null ? client : client(settings, settings.publicEndpoint());
    }

    private static MinioClient client(S3Settings settings, URI endpoint) {
        MinioClient.Builder builder = MinioClient.builder().endpoint(endpoint.toString());
        if (!settings.region().isEmpty()) {
            builder.region(settings.region());
        }
        if (!settings.accessKey().isEmpty()) {
            builder.credentials(settings.accessKey(), settings.secretKey());
        } // else anonymous: a bucket open to the network (rare, but a configuration S3 allows)
        MinioClient client = builder.build();
        if (settings.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        client.setAppInfo("csghub", "1");
        return client;
    }

    /** For tests: the client, e.g. to trace its requests. */
    MinioClient client() {
        return client;
    }

    S3Settings settings() {
        return settings;
    }

    /**
     * Checks that the bucket exists (creating it when configured to) and removes stale temporary objects. Done
     * once; a failure is reported and the next put tries again.
     */
    public void ensureBucket() throws IOException {
        if (bucketReady) {
            return;
        }
        String bucket = settings.bucket();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                if (!settings.createBucket()) {
                    throw new IOException("S3 bucket '" + bucket + "' does not exist at " + settings.endpoint()
                            + " (and createBucket is false)");
                }
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    LOG.info("Created S3 bucket {} at {}", bucket, settings.endpoint());
                } catch (ErrorResponseException e) {
                    if (!Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists").contains(code(e))) {
                        throw e;
                    }
                }
            }
        } catch (MinioException e) {
            throw failure("check bucket", null, e);
        } catch (RuntimeException e) {
            throw unchecked("check bucket", null, e);
        }
        bucketReady = true;
        removeStaleTemps(Instant.now().minus(STALE_TEMP_AGE));
    }

    void removeStaleTemps(Instant olderThan) {
        int removed = 0;
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                    .prefix(ObjectKeys.RESERVED + "/").recursive(true).build())) {
                Item item = result.get();
                if (item.lastModified() != null && item.lastModified().toInstant().isBefore(olderThan)) {
                    client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(item.objectName()).build());
                    removed++;
                }
            }
        } catch (MinioException | RuntimeException e) {
            LOG.warn("Could not clean up unfinished uploads in {}/{}: {}", settings.bucket(), ObjectKeys.RESERVED, e.toString());
        }
        if (removed > 0) {
            LOG.info("Removed {} unfinished uploads older than {} from {}/{}", removed, STALE_TEMP_AGE, settings.bucket(),
                    ObjectKeys.RESERVED);
        }
    }

    @Override
    public StoredObject put(String key, InputStream content, long size, String expectedSha256) throws IOException {
        ObjectKeys.check(key);
        ensureBucket();
        String temp = ObjectKeys.RESERVED + "/" + UUID.randomUUID() + ".part";
        HashingInputStream hashing = new HashingInputStream(content);
        boolean uploaded = false;
        try {
            try {
                client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(temp)
                        .stream(hashing, size >= 0 ? size : null, settings.partSize())
                        .build());
                uploaded = true;
            } catch (MinioException | RuntimeException e) {
                uploaded = true; // a part of it may be there: delete in any case
                if (hashing.failure() != null) {
                    throw hashing.failure();
                }
                if (size >= 0 && hashing.ended() && hashing.count() < size) {
                    throw shortContent(hashing.count(), size);
                }
                if (e instanceof MinioException m) {
                    throw failure("upload", key, m);
                }
                throw unchecked("upload", key, (RuntimeException) e);
            }
            long count = hashing.count();
            if (size >= 0) {
                if (count < size) {
                    throw shortContent(count, size);
                }
                // the client reads exactly size bytes (or, in parts, a little ahead): anything more is too long
                if (count > size || content.read() != -1) {
                    throw new ContentMismatchException("content of " + key + " is longer than the announced " + size + " bytes");
                }
            }
            String digest = hashing.sha256();
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(digest)) {
                throw new ContentMismatchException("content of " + key + " has SHA-256 " + digest + ", expected " + expectedSha256);
            }
            try {
                client.copyObject(CopyObjectArgs.builder().bucket(settings.bucket()).object(key)
                        .source(SourceObject.builder().bucket(settings.bucket()).object(temp).build())
                        .metadataDirective(Directive.REPLACE)
                        .userMetadata(Map.of(SHA256_METADATA, digest))
                        .build());
            } catch (MinioException e) {
                throw failure("copy into place", key, e);
            } catch (RuntimeException e) {
                throw unchecked("copy into place", key, e);
            }
            return new StoredObject(key, count, digest, Instant.now());
        } finally {
            if (uploaded) {
                removeQuietly(temp);
            }
        }
    }

    private static ContentMismatchException shortContent(long count, long size) {
        return new ContentMismatchException("content ended after " + count + " of the announced " + size + " bytes");
    }

    private void removeQuietly(String object) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(object).build());
        } catch (MinioException | RuntimeException e) {
            LOG.warn("Could not remove the temporary object {}/{} (removed a day later): {}", settings.bucket(), object,
                    e.toString());
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        ObjectKeys.check(key);
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key).build());
            String sha256 = stat.userMetadata() == null ? null : stat.userMetadata().getFirst(SHA256_METADATA);
            Instant modified = stat.lastModified() == null ? null : stat.lastModified().toInstant();
            return Optional.of(new StoredObject(key, stat.size(), sha256, modified));
        } catch (ErrorResponseException e) {
            if (NOT_FOUND.contains(code(e))) {
                return Optional.empty();
            }
            throw failure("stat", key, e);
        } catch (MinioException e) {
            throw failure("stat", key, e);
        } catch (RuntimeException e) {
            throw unchecked("stat", key, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        ObjectKeys.check(key);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (length == 0) {
            return existing(key);
        }
        GetObjectArgs.Builder get = GetObjectArgs.builder().bucket(settings.bucket()).object(key);
        if (offset > 0) {
            get.offset(offset);
        }
        if (length > 0) {
            get.offset(offset).length(length);
        }
        try {
            return client.getObject(get.build());
        } catch (ErrorResponseException e) {
            if (NOT_FOUND.contains(code(e))) {
                throw new FileNotFoundException("no object " + key);
            }
            if ("InvalidRange".equals(code(e))) {
                return existing(key); // offset at or past the end: nothing to read
            }
            throw failure("read", key, e);
        } catch (MinioException e) {
            throw failure("read", key, e);
        } catch (RuntimeException e) {
            throw unchecked("read", key, e);
        }
    }

    /** An empty stream, once the object is known to exist. */
    private InputStream existing(String key) throws IOException {
        if (stat(key).isEmpty()) {
            throw new FileNotFoundException("no object " + key);
        }
        return InputStream.nullInputStream();
    }

    @Override
    public boolean delete(String key) throws IOException {
        if (stat(key).isEmpty()) {
            return false;
        }
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
            return true;
        } catch (MinioException e) {
            throw failure("delete", key, e);
        } catch (RuntimeException e) {
            throw unchecked("delete", key, e);
        }
    }

    @Override
    public Optional<URI> presignGet(String key, Duration ttl, String downloadName) throws IOException {
        ObjectKeys.check(key);
        GetPresignedObjectUrlArgs.Builder args = GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
                .bucket(settings.bucket()).object(key).expiry(seconds(ttl), TimeUnit.SECONDS);
        if (downloadName != null && !downloadName.isBlank()) {
            args.extraQueryParams(Map.of("response-content-disposition", contentDisposition(downloadName)));
        }
        return Optional.of(presign(args.build(), key));
    }

    @Override
    public Optional<URI> presignPut(String key, Duration ttl) throws IOException {
        ObjectKeys.check(key);
        return Optional.of(presign(GetPresignedObjectUrlArgs.builder().method(Http.Method.PUT)
                .bucket(settings.bucket()).object(key).expiry(seconds(ttl), TimeUnit.SECONDS).build(), key));
    }

    private URI presign(GetPresignedObjectUrlArgs args, String key) throws IOException {
        try {
            return URI.create(presigner.getPresignedObjectUrl(args));
        } catch (MinioException e) {
            throw failure("presign", key, e);
        } catch (RuntimeException e) {
            throw unchecked("presign", key, e);
        }
    }

    private static int seconds(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_PRESIGN_TTL) > 0) {
            throw new IllegalArgumentException("a presigned URL lives between 1 s and 7 days, not " + ttl);
        }
        return (int) Math.max(1, ttl.toSeconds());
    }

    /** {@code attachment} with the name as plain ASCII (quotes and controls replaced) and as RFC 5987 UTF-8. */
    static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static String code(ErrorResponseException e) {
        return e.errorResponse() == null ? "" : String.valueOf(e.errorResponse().code());
    }

    /** The IOException inside minio's unchecked wrapper, said with what and where; anything else rethrown. */
    private IOException unchecked(String what, String key, RuntimeException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return new IOException("S3 " + what + " of " + where(key) + " at " + settings.endpoint() + " failed: " + io, e);
            }
        }
        throw e;
    }

    private String where(String key) {
        return key == null ? "bucket " + settings.bucket() : settings.bucket() + "/" + key;
    }

    /** An IOException that says what failed where, and why in S3's words; never with the secret. */
    private IOException failure(String what, String key, MinioException e) {
        String where = where(key);
        if (e instanceof ErrorResponseException error) {
            String code = code(error);
            String message = error.errorResponse() == null ? "" : error.errorResponse().message();
            if (REFUSED.contains(code)) {
                return new IOException("S3 at " + settings.endpoint() + " refused access key '" + settings.accessKey()
                        + "' (" + code + ": " + message + ") for " + what + " of " + where
                        + "; check accessKey and .secretKey (CSGHUB_S3_ACCESS_KEY, CSGHUB_S3_SECRET_KEY)", e);
            }
            return new IOException("S3 " + what + " of " + where + " at " + settings.endpoint() + " failed: " + code + ": "
                    + message, e);
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new IOException("S3 " + what + " of " + where + " at " + settings.endpoint() + " failed: " + cause, e);
    }

    @Override
    public void close() {
        closeQuietly(client);
        if (presigner != client) {
            closeQuietly(presigner);
        }
    }

    private static void closeQuietly(MinioClient client) {
        try {
            client.close(); // without it the JVM waits a minute for okhttp's threads at exit
        } catch (Exception e) {
            LOG.debug("Closing the S3 client: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
