package org.csghub.repo.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.Visibility;

/**
 * A repository as registered: identity, settings, card metadata and counters.
 *
 * @param type the {@link RepoType#name()}
 * @param metadata what the type extracted from the card's front matter
 * @param headCommit the commit the default branch points at, or {@code null} for an empty repository
 */
public record Repo(long id, String type, String namespace, String name, String description, Visibility visibility,
                   String defaultBranch, List<String> tags, Map<String, Object> metadata, String headCommit,
                   long sizeBytes, long downloads, long likes, Instant createdAt, Instant updatedAt) {

    public Repo {
        tags = tags == null ? List.of() : List.copyOf(tags);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** {@code namespace/name}. */
    public String path() {
        return namespace + "/" + name;
    }

    /** The repository as the permission service sees it. */
    public ResourceRef ref() {
        return new ResourceRef(type, namespace, name, visibility);
    }
}
