package org.csghub.storage.api;

import java.time.Instant;

/**
 * An object as stored.
 *
 * @param sha256 lower-case hex of the content when the store knows it (always after {@link ObjectStore#put}),
 *               otherwise {@code null}
 */
public record StoredObject(String key, long size, String sha256, Instant lastModified) {
}
