package org.csghub.repo.api;

import java.util.Collection;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry of repositories. Lookups do no permission checks: callers check with
 * {@code Permissions.require(subject, action, repo.ref())}.
 */
@ProviderType
public interface Repositories {

    /** The types installed right now. */
    Collection<RepoType> types();

    /** The installed type with that {@link RepoType#segment()} ({@code models}), if any. */
    Optional<RepoType> typeForSegment(String segment);

    /** By type name ({@code model}), namespace and name; names compare case-insensitively. */
    Optional<Repo> find(String type, String namespace, String name);

    Optional<Repo> find(long id);

    /**
     * Called by the Git side after a branch or tag changed (push, web commit): the hub re-reads the card from
     * {@code update.readme()}, updates metadata, size and head, and tells the {@link RepoListener}s.
     */
    Repo contentChanged(ContentUpdate update);

    /** Counts one download of the repository (a clone, a resolve of a file). */
    void countDownload(long id);
}
