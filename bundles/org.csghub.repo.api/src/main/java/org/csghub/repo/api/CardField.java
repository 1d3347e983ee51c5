package org.csghub.repo.api;

/**
 * One metadata field a type reads from the README front matter.
 *
 * @param key the front-matter key: {@code license}, {@code pipeline_tag}, {@code base_model}, ...
 * @param filter the query parameter repositories can be filtered by, or {@code null} when it is not a filter
 *               ({@code license}, {@code task}, {@code library}, {@code framework}, {@code language})
 */
public record CardField(String key, Kind kind, String filter, String description) {

    /** The license, filterable as {@code license}: every type has it. */
    public static final CardField LICENSE = text("license", "license", "SPDX id or name of the license");
    /** Free tags (filterable as {@code tag} together with the tags set through the API): every type has them. */
    public static final CardField TAGS = list("tags", null, "free tags");

    public enum Kind {
        /** one value */
        TEXT,
        /** a list of values; a single value is read as a one-element list */
        LIST
    }

    public static CardField text(String key, String filter, String description) {
        return new CardField(key, Kind.TEXT, filter, description);
    }

    public static CardField list(String key, String filter, String description) {
        return new CardField(key, Kind.LIST, filter, description);
    }
}
