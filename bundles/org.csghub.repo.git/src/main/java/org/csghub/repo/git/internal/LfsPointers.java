package org.csghub.repo.git.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csghub.repo.api.RepoContent.LfsPointer;

/** Git LFS pointer files (spec v1): recognising, parsing and writing them. */
public final class LfsPointers {

    /** Pointers are small; anything larger is content. */
    public static final int MAX_POINTER_BYTES = 1024;

    private static final Pattern POINTER = Pattern.compile(
            "version https://git-lfs\\.github\\.com/spec/v1\\n(?:[a-z0-9.-]+ [^\\n]*\\n)*?oid sha256:([0-9a-f]{64})\\n(?:[a-z0-9.-]+ [^\\n]*\\n)*?size (\\d{1,19})\\n(?:[a-z0-9.-]+ [^\\n]*\\n)*");

    private LfsPointers() {
    }

    public static Optional<LfsPointer> parse(byte[] content) {
        if (content.length > MAX_POINTER_BYTES || content.length < 40) {
            return Optional.empty();
        }
        Matcher m = POINTER.matcher(new String(content, StandardCharsets.UTF_8));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LfsPointer(m.group(1), Long.parseLong(m.group(2))));
    }

    public static byte[] write(LfsPointer pointer) {
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:" + pointer.oid() + "\nsize " + pointer.size()
                + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static boolean isOid(String oid) {
        return oid != null && oid.length() == 64 && oid.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
