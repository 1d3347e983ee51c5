package org.csghub.repo.internal;

import java.util.Map;

/**
 * A listing: {@code type} may be null (all types); {@code facets} maps a filter ({@code tag}, {@code license},
 * {@code task}, {@code library}, {@code framework}, {@code language}, ...) to the value it must have.
 */
record ListQuery(String type, String search, String namespace, Map<String, String> facets, String sort, int page,
                 int perPage) {
}
