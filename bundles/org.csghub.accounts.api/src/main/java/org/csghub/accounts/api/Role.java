package org.csghub.accounts.api;

import java.util.Locale;

/**
 * A subject's standing on a resource or in an organization, ordered: {@code read < write < admin}. A role
 * allows its own action and every lesser one.
 */
public enum Role {
    NONE, READ, WRITE, ADMIN;

    public boolean allows(Action action) {
        return ordinal() >= valueOf(action.name()).ordinal();
    }

    public Role atLeast(Role other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The wire name ({@code read}, {@code write}, {@code admin}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code read|write|admin} (any case); {@code none} is not a role one can be given. */
    public static Role parseGrantable(String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "read": return READ;
                case "write": return WRITE;
                case "admin": return ADMIN;
                default: break;
            }
        }
        throw new IllegalArgumentException("role must be one of read, write, admin");
    }
}
