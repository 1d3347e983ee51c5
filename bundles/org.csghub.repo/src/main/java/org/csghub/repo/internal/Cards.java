package org.csghub.repo.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a card: the YAML front matter at the top of README.md, between a first line {@code ---} and the next
 * line {@code ---}. Only plain YAML (maps, lists, scalars) is read; anchors/aliases are bounded, so a hostile card
 * cannot blow up memory. A card without front matter, or with broken YAML, has no metadata.
 */
final class Cards {

    /** front matter larger than this is ignored */
    static final int MAX_FRONT_MATTER_CHARS = 64 * 1024;

    private Cards() {
    }

    /** The front matter as a map (empty when there is none or it is not a YAML map). */
    static Map<String, Object> frontMatter(String readme) {
        if (readme == null) {
            return Map.of();
        }
        String text = readme.startsWith("\uFEFF") ? readme.substring(1) : readme;
        text = text.replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            return Map.of();
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0 || end > MAX_FRONT_MATTER_CHARS) {
            return Map.of();
        }
        String yaml = text.substring(4, end + 1);
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(true);
        options.setCodePointLimit(MAX_FRONT_MATTER_CHARS);
        options.setNestingDepthLimit(20);
        try {
            Object parsed = new Yaml(new SafeConstructor(options)).load(yaml);
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
