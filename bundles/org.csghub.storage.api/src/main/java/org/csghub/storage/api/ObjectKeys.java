package org.csghub.storage.api;

/**
 * The key rules of {@link ObjectStore}, the same for every store so an object can move between stores under its key.
 */
public final class ObjectKeys {

    /** Reserved for a store's unfinished writes; no key starts with it. */
    public static final String RESERVED = ".tmp";

    private ObjectKeys() {
    }

    /** Returns the key when it is valid, otherwise throws {@link IllegalArgumentException} saying why. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty object key");
        }
        if (key.length() > 1024) {
            throw new IllegalArgumentException("object key longer than 1024 characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-' || c == '/';
            if (!ok) {
                throw new IllegalArgumentException("object key " + quoted(key) + " has a character outside [A-Za-z0-9._-/]");
            }
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key " + quoted(key) + " is absolute");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("object key " + quoted(key) + " has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key " + quoted(key) + " has a '" + segment + "' segment");
            }
        }
        if (key.equals(RESERVED) || key.startsWith(RESERVED + "/")) {
            throw new IllegalArgumentException("object key " + quoted(key) + " is in the store's reserved " + RESERVED);
        }
        return key;
    }

    private static String quoted(String key) {
        return "'" + key + "'";
    }
}
