package org.csghub.dataviewer.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A card's YAML front matter (between a first line {@code ---} and the next), read with the same bounds as the
 * registry reads it: plain YAML only, aliases and size limited. Broken or missing front matter is an empty map.
 */
final class FrontMatter {

    static final int MAX_CHARS = 64 * 1024;

    private FrontMatter() {
    }

    static Map<String, Object> parse(String readme) {
        if (readme == null) {
            return Map.of();
        }
        String text = (readme.startsWith("\uFEFF") ? readme.substring(1) : readme).replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            return Map.of();
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0 || end > MAX_CHARS) {
            return Map.of();
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(true);
        options.setCodePointLimit(MAX_CHARS);
        options.setNestingDepthLimit(20);
        try {
            Object parsed = new Yaml(new SafeConstructor(options)).load(text.substring(4, end + 1));
            if (!(parsed instanceof Map<?, ?> map)) {
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(String.valueOf(k), v);
                }
            });
            return out;
        } catch (RuntimeException e) {
            return Map.of();
        }
    }
}
