package org.csghub.repo.api;

import java.util.List;
import org.csghub.accounts.api.Visibility;

/**
 * A repository to create.
 *
 * @param namespace the owning user or organization; {@code null}: the caller's own
 * @param visibility {@code null}: public
 * @param defaultBranch {@code null}: {@code main}
 */
public record RepoSpec(String namespace, String name, String description, Visibility visibility, String defaultBranch,
                       List<String> tags) {
}
