package org.csghub.repo.api;

import org.csghub.accounts.api.Subject;

/**
 * What changed in a repository's content.
 *
 * @param ref the full ref name that moved ({@code refs/heads/main})
 * @param oldCommit the commit it pointed at before, or {@code null} when it was created
 * @param newCommit the commit it points at now, or {@code null} when it was deleted
 * @param defaultBranchHead the default branch's commit after the change, or {@code null} if it does not exist
 * @param readme the default branch's {@code README.md} after the change, or {@code null} if there is none
 * @param sizeBytes the repository's size after the change: Git objects plus the LFS objects it references
 * @param actor who made the change
 */
public record ContentUpdate(long repoId, String ref, String oldCommit, String newCommit, String defaultBranchHead,
                            String readme, long sizeBytes, Subject actor) {
}
