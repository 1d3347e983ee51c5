package org.csghub.repo.git.internal.content;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.csghub.rest.ApiException;
import org.eclipse.jgit.lib.Repository;

/**
 * What a file path or a branch name given by a client may look like. Everything refused here is refused with
 * 422 and a message naming the offending input, before Git sees it.
 */
final class PathRules {

    /** Longest path accepted, in UTF-8 bytes (Git itself has no limit; file systems of clones do). */
    static final int MAX_PATH_BYTES = 4096;
    /** Longest single segment, in UTF-8 bytes (the usual file-system limit). */
    static final int MAX_SEGMENT_BYTES = 255;

    private PathRules() {
    }

    /**
     * A repository-relative file path: no leading or trailing {@code /}, no empty, {@code .} or {@code ..}
     * segments, no {@code .git} segment (in any case), no control characters or backslashes, bounded length.
     */
    static String file(String path) {
        if (path == null || path.isEmpty()) {
            throw invalid(path, "a file path is required");
        }
        checkText(path);
        if (path.startsWith("/")) {
            throw invalid(path, "absolute paths are not allowed");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw invalid(path, "longer than " + MAX_PATH_BYTES + " bytes");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(path, "empty path segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(path, "'" + segment + "' segments are not allowed");
            }
            if (segment.equalsIgnoreCase(".git")) {
                throw invalid(path, "'.git' segments are not allowed");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw invalid(path, "a segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return path;
    }

    /**
     * A directory to list: {@code null}, empty or {@code /} for the root, otherwise a {@link #file} path (a
     * trailing {@code /} is dropped).
     */
    static String directory(String path) {
        if (path == null) {
            return "";
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.isEmpty() ? "" : file(p);
    }

    /** A file path from raw bytes (a multipart file name): must be valid UTF-8. */
    static String file(byte[] utf8) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
            return file(s);
        } catch (CharacterCodingException e) {
            throw new ApiException(422, "invalid_path", "File path is not valid UTF-8", Map.of());
        }
    }

    /** A short branch name ({@code main}, {@code feature/x}) as Git accepts it under {@code refs/heads/}. */
    static String branch(String name) {
        if (name == null || name.isBlank()) {
            throw new ApiException(422, "invalid_ref", "A branch name is required");
        }
        checkRefText(name);
        if (name.startsWith("refs/") || name.startsWith("-") || name.equals("HEAD") || !Repository.isValidRefName("refs/heads/" + name)
                || name.length() > 255) {
            throw new ApiException(422, "invalid_ref", "Invalid branch name: " + printable(name),
                    Map.of("ref", printable(name)));
        }
        return name;
    }

    /** A revision as a client names it: anything Git could call a ref or an id, checked before parsing. */
    static String revision(String revision) {
        if (revision == null || revision.isBlank()) {
            throw new ApiException(422, "invalid_ref", "A revision is required");
        }
        checkRefText(revision);
        if (revision.length() > 255 || revision.contains("..") || revision.contains("@{") || revision.contains("^")
                || revision.contains("~") || revision.contains(":") || revision.startsWith("-")) {
            throw new ApiException(422, "invalid_ref", "Invalid revision: " + printable(revision),
                    Map.of("ref", printable(revision)));
        }
        return revision;
    }

    private static void checkRefText(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(name, i)) {
                throw new ApiException(422, "invalid_ref", "Invalid ref name: " + printable(name),
                        Map.of("ref", printable(name)));
            }
        }
    }

    private static void checkText(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(path, "control characters are not allowed");
            }
            if (c == '\\') {
                throw invalid(path, "backslashes are not allowed");
            }
            if (Character.isSurrogate(c)) {
                if (!validSurrogate(path, i)) {
                    throw invalid(path, "not valid UTF-8");
                }
                i++;
            }
            if (c == '\uFFFD') {
                // what a lenient decoder made of invalid UTF-8 bytes
                throw invalid(path, "not valid UTF-8");
            }
        }
    }

    private static boolean validSurrogate(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    static ApiException invalid(String path, String why) {
        String shown = path == null ? "" : printable(path);
        return new ApiException(422, "invalid_path", "Invalid path '" + shown + "': " + why, Map.of("path", shown));
    }

    /** The input with control characters escaped, so error messages and logs stay one readable line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 300; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
