package org.csghub.repo.api;

import java.util.Collection;
import java.util.Optional;
import org.csghub.accounts.api.Subject;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry of repositories. Lookups ({@link #find}) do no permission checks: callers check with
 * {@code Permissions.require(subject, action, repo.ref())}. The changing calls check the actor's rights themselves
 * and fail with {@code ApiException}s (401, 403, 404, 409, 400) that REST callers can let through.
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

    /** Creates a repository of a type in a namespace the actor may write to; the Git side creates it on first use. */
    Repo create(Subject actor, String type, RepoSpec spec);

    /** Changes settings: write for description and tags, admin for visibility and default branch. */
    Repo update(Subject actor, Repo repo, RepoChanges changes);

    /** Renames and/or transfers (admin on the repository, write in the target namespace); {@code null} keeps a part. */
    Repo move(Subject actor, Repo repo, String namespace, String name);

    /** Deletes the repository with its Git data (admin). */
    void delete(Subject actor, Repo repo);

    /** The repositories the subject may see that match the query. */
    RepoPage list(Subject subject, RepoQuery query);

    /** Counts one download of the repository (a clone, a resolve of a file). */
    void countDownload(long id);
}
