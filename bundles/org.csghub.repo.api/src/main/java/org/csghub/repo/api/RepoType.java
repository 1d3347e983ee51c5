package org.csghub.repo.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of repository (model, dataset, code, space, prompt, MCP server), registered as a service by its
 * type bundle. The hub tracks the registered types: their URLs, Git endpoints and REST routes exist while the
 * bundle is active.
 */
@ConsumerType
public interface RepoType {

    /** The singular kind, lower case: {@code model}; also the {@code kind} of its {@code ResourceRef}s. */
    String name();

    /** The plural URL segment: {@code models}, as in {@code /models/{namespace}/{name}.git}. */
    String segment();

    /** A human label: {@code Model}. */
    String displayName();

    /** What applies to repositories of this type beyond Git, LFS and browsing. */
    Set<RepoFeature> features();

    /** The README front-matter fields this type extracts into its metadata, in display order. */
    List<CardField> cardFields();

    /**
     * The metadata of a repository from its card's front matter: by default the declared {@link #cardFields()},
     * with a single value of a {@link CardField.Kind#LIST} field turned into a one-element list and values of the
     * wrong shape dropped. Types override this to derive more (e.g. a framework from files).
     */
    default Map<String, Object> extract(Map<String, Object> frontMatter) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (CardField field : cardFields()) {
            Object value = frontMatter.get(field.key());
            if (value == null) {
                continue;
            }
            if (field.kind() == CardField.Kind.LIST) {
                List<String> list = new ArrayList<>();
                if (value instanceof List<?> l) {
                    for (Object o : l) {
                        if (o instanceof String || o instanceof Number || o instanceof Boolean) {
                            list.add(String.valueOf(o));
                        }
                    }
                } else if (value instanceof String || value instanceof Number) {
                    list.add(String.valueOf(value));
                }
                if (!list.isEmpty()) {
                    out.put(field.key(), List.copyOf(list));
                }
            } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                out.put(field.key(), String.valueOf(value));
            }
        }
        return out;
    }
}
