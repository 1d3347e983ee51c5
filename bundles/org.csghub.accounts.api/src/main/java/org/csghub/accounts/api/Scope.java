package org.csghub.accounts.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token may be used for. {@code read}, {@code write} and {@code admin} cap the token's actions
 * (a write token can read, an admin token can write and read); {@code inference} opens the OpenAI-compatible
 * gateway and nothing else.
 */
public enum Scope {
    READ, WRITE, ADMIN, INFERENCE;

    /** The scopes a session (interactive login) carries: everything the user may do. */
    public static final Set<Scope> ALL = Set.copyOf(EnumSet.allOf(Scope.class));

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a token with these scopes may perform the action (before roles are considered). */
    public static boolean permits(Set<Scope> scopes, Action action) {
        switch (action) {
            case READ: return scopes.contains(READ) || scopes.contains(WRITE) || scopes.contains(ADMIN);
            case WRITE: return scopes.contains(WRITE) || scopes.contains(ADMIN);
            default: return scopes.contains(ADMIN);
        }
    }

    public static Scope parse(String value) {
        if (value != null) {
            for (Scope scope : values()) {
                if (scope.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return scope;
                }
            }
        }
        throw new IllegalArgumentException("scope must be one of read, write, admin, inference");
    }
}
