package org.csghub.repo.api;

import java.util.Map;

/**
 * A listing of the repositories the caller may see.
 *
 * @param type a {@link RepoType#name()}, or {@code null} for every type
 * @param search matched, ignoring case, against namespace, name and description
 * @param namespace only this namespace (ignoring case), or {@code null}
 * @param facets filter → value that must match ({@code tag}, {@code license}, {@code task}, {@code library},
 *               {@code framework}, {@code language}, and the filters of the type's {@link CardField}s); a key
 *               starting with {@code *} matches its value in any facet
 * @param sort {@code recent} (last change), {@code created}, {@code downloads}, {@code likes} or {@code name}
 * @param reverse reverse the sort's natural order (newest and most first; names A to Z)
 */
public record RepoQuery(String type, String search, String namespace, Map<String, String> facets, String sort,
                        boolean reverse, int offset, int limit) {

    public RepoQuery {
        facets = facets == null ? Map.of() : Map.copyOf(facets);
    }
}
