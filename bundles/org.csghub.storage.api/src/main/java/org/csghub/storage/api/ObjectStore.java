package org.csghub.storage.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A flat key → bytes store. Keys are relative, {@code /}-separated, made of {@code [A-Za-z0-9._-]} segments
 * (no {@code ..}, no leading {@code /}); a store rejects others with {@link IllegalArgumentException}.
 *
 * <p>Writes are all-or-nothing: an object becomes visible under its key only once all of it is stored and
 * checked, so a reader never sees a partial object, and a failed or interrupted write leaves nothing behind
 * (and an existing object under the key unchanged).
 */
@ConsumerType
public interface ObjectStore {

    /** Service property: the store's short name ({@code fs}, {@code s3}), shown in health and logs. */
    String NAME = "csghub.storage.name";

    /**
     * Stores {@code content} under {@code key}, reading until end of stream. The SHA-256 of the content is
     * computed while it is written.
     *
     * @param size the exact length, or {@code -1} if unknown; a stream that ends early or runs long fails with
     *             {@link ContentMismatchException} and nothing is stored
     * @param expectedSha256 lower-case hex, or {@code null}; a different digest fails with
     *             {@link ContentMismatchException} and nothing is stored
     */
    StoredObject put(String key, InputStream content, long size, String expectedSha256) throws IOException;

    /** The object's size and time, or empty when there is none under the key. */
    Optional<StoredObject> stat(String key) throws IOException;

    /**
     * Reads {@code length} bytes from {@code offset} ({@code length < 0}: to the end).
     *
     * @throws java.io.FileNotFoundException when there is no object under the key
     */
    InputStream open(String key, long offset, long length) throws IOException;

    default InputStream open(String key) throws IOException {
        return open(key, 0, -1);
    }

    /** Removes the object; {@code false} when there was none. */
    boolean delete(String key) throws IOException;

    /**
     * A URL that lets anyone holding it GET the object for {@code ttl}, or empty when this store cannot presign
     * (the filesystem store): callers then stream the object themselves.
     *
     * @param downloadName the file name a browser should save as, or {@code null}
     */
    default Optional<URI> presignGet(String key, Duration ttl, String downloadName) throws IOException {
        return Optional.empty();
    }

    /** A URL that lets anyone holding it PUT the object for {@code ttl}, or empty when this store cannot presign. */
    default Optional<URI> presignPut(String key, Duration ttl) throws IOException {
        return Optional.empty();
    }
}
