package org.csghub.repo.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Git LFS objects, stored once per oid (sha256) whatever the number of repositories that use them, and the
 * record of which repository references which object.
 */
@ProviderType
public interface LfsStore {

    /** The stored size, or empty when the object is not stored. */
    Optional<Long> size(String oid) throws IOException;

    /**
     * Streams the content in, hashing and counting it while it is written; stores it only if the digest is
     * {@code oid} and the length is {@code size}, otherwise throws
     * {@link org.csghub.storage.api.ContentMismatchException} and keeps nothing. An object already stored is
     * not written twice (the stream is drained and checked).
     */
    void put(String oid, long size, InputStream content) throws IOException;

    /** Records that the repository references the object (idempotent). */
    void link(long repoId, String oid, long size);

    /** The total size of the objects the repository references. */
    long repoBytes(long repoId);

    /** Whether the repository references the object. */
    boolean linked(long repoId, String oid);

    /** Reads {@code length} bytes from {@code offset} ({@code length < 0}: to the end). */
    InputStream open(String oid, long offset, long length) throws IOException;

    /** A direct download URL when the store can presign, else empty (stream with {@link #open}). */
    Optional<URI> presignGet(String oid, Duration ttl, String downloadName) throws IOException;
}
