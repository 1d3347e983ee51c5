package org.csghub.repo.git.internal.content;

import java.nio.charset.StandardCharsets;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.lib.Repository;

/** What a file path or a branch name in a request may be; everything else is a 422 naming it. */
final class RepoPaths {

    static final int MAX_PATH = 1024;

    private RepoPaths() {
    }

    /** A repository-relative file path: no leading or trailing {@code /}, no empty, {@code .}, {@code ..} or {@code .git} segments, no control characters. */
    static String file(String path) {
        if (path == null || path.isEmpty()) {
            throw invalid(path, "a file path is required");
        }
        if (path.length() > MAX_PATH || path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            throw invalid(path, "is longer than " + MAX_PATH + " bytes");
        }
        if (path.startsWith("/") || path.endsWith("/") || path.contains("\\")) {
            throw invalid(path, "must be relative, use '/' between directories and not end with '/'");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(path, i)) {
                throw invalid(path, "contains a control character or invalid UTF-16");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(path, "must not contain empty, '.' or '..' segments");
            }
            if (segment.equalsIgnoreCase(".git")) {
                throw invalid(path, "must not contain a .git segment");
            }
        }
        return path;
    }

    /** A directory path: empty (the root) or a valid file path. */
    static String dir(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "";
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return file(p);
    }

    static String branch(String branch) {
        if (branch == null || branch.isBlank() || branch.startsWith("-")
                || !Repository.isValidRefName("refs/heads/" + branch)) {
            throw new ApiException(422, "invalid_ref", "'" + branch + "' is not a valid branch name");
        }
        return branch;
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static ApiException invalid(String path, String why) {
        return new ApiException(422, "invalid_path", "path '" + (path == null ? "" : path.replaceAll("\\p{Cntrl}", "?"))
                + "' " + why);
    }
}
