package org.csghub.repo.api;

import java.util.List;

/** One page of a listing and the number of matches across all pages. */
public record RepoPage(List<Repo> items, long total) {
}
