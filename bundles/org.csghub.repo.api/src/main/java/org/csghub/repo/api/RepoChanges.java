package org.csghub.repo.api;

import java.util.List;
import org.csghub.accounts.api.Visibility;

/** Settings to change; {@code null} fields stay as they are. Visibility and default branch need admin. */
public record RepoChanges(String description, Visibility visibility, String defaultBranch, List<String> tags) {

    public boolean touchesSettings() {
        return visibility != null || defaultBranch != null;
    }
}
