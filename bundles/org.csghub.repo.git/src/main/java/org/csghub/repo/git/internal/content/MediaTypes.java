package org.csghub.repo.git.internal.content;

import java.util.Locale;
import java.util.Map;

/**
 * The Content-Type of a raw file, by extension. Files that a browser would run (HTML, SVG, JavaScript) are
 * served as plain text: repository content is untrusted and shares the hub's origin.
 */
final class MediaTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("jsonl", "application/jsonl"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("tsv", "text/tab-separated-values; charset=utf-8"),
            Map.entry("yaml", "text/plain; charset=utf-8"),
            Map.entry("yml", "text/plain; charset=utf-8"),
            Map.entry("py", "text/plain; charset=utf-8"),
            Map.entry("html", "text/plain; charset=utf-8"),
            Map.entry("htm", "text/plain; charset=utf-8"),
            Map.entry("svg", "text/plain; charset=utf-8"),
            Map.entry("js", "text/plain; charset=utf-8"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("parquet", "application/vnd.apache.parquet"),
            Map.entry("safetensors", "application/octet-stream"),
            Map.entry("wav", "audio/wav"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("mp4", "video/mp4"));

    private MediaTypes() {
    }

    /** @param text whether the content looked like text (used when the extension says nothing) */
    static String of(String fileName, boolean text) {
        int dot = fileName.lastIndexOf('.');
        String type = dot < 0 ? null : BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type != null) {
            return type;
        }
        return text ? "text/plain; charset=utf-8" : "application/octet-stream";
    }

    /** Whether browsers may show it in place rather than download it. */
    static boolean inline(String type) {
        return type.startsWith("text/") || type.startsWith("image/") || type.equals("application/json")
                || type.equals("application/pdf");
    }
}
