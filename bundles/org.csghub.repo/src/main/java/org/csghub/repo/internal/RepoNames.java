package org.csghub.repo.internal;

import java.util.regex.Pattern;
import org.csghub.rest.ApiException;

/** What a repository or collection name may look like (the same rules as Git hosting sites, so URLs stay plain). */
final class RepoNames {

    static final int MAX_LENGTH = 100;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");

    private RepoNames() {
    }

    static String valid(String what, String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("invalid_name", what + " is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw ApiException.badRequest("invalid_name", what + " '" + name + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(name).matches() || name.contains("..")) {
            throw ApiException.badRequest("invalid_name", what + " '" + name
                    + "' may only contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit");
        }
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".git")) {
            throw ApiException.badRequest("invalid_name", what + " '" + name + "' must not end with .git");
        }
        return name;
    }

    /** A Git branch name as the default branch: a subset of git-check-ref-format. */
    static String branch(String branch) {
        if (branch == null || branch.isBlank()) {
            return "main";
        }
        if (branch.length() > 255 || !branch.matches("[A-Za-z0-9._/-]+") || branch.contains("..")
                || branch.startsWith("/") || branch.endsWith("/") || branch.contains("//") || branch.endsWith(".lock")
                || branch.startsWith("-") || branch.endsWith(".")) {
            throw ApiException.badRequest("invalid_branch", "'" + branch + "' is not a valid branch name");
        }
        return branch;
    }
}
