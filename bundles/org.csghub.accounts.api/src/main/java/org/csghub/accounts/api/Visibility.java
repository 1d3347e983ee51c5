package org.csghub.accounts.api;

import java.util.Locale;

/** Every owned asset is public (anyone may read) or private (only those with a role on it may even see it). */
public enum Visibility {
    PUBLIC, PRIVATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility parse(String value) {
        if ("public".equalsIgnoreCase(value)) {
            return PUBLIC;
        }
        if ("private".equalsIgnoreCase(value)) {
            return PRIVATE;
        }
        throw new IllegalArgumentException("visibility must be public or private");
    }
}
