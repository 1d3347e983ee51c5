package org.csghub.repo.api;

import org.csghub.accounts.api.Subject;

/**
 * Something that happened to a repository.
 *
 * @param repo the repository after the event (before it, for {@link Kind#DELETED})
 * @param previousPath {@code namespace/name} before a {@link Kind#RENAMED}, otherwise {@code null}
 * @param update the content change for {@link Kind#PUSHED}, otherwise {@code null}
 */
public record RepoEvent(Kind kind, Repo repo, String previousPath, ContentUpdate update, Subject actor) {

    public enum Kind {
        CREATED,
        /** description, visibility, default branch or tags changed */
        UPDATED,
        /** renamed or transferred to another namespace */
        RENAMED,
        /** a branch or tag moved (git push, web commit); metadata has been re-read from the card */
        PUSHED,
        DELETED
    }
}
