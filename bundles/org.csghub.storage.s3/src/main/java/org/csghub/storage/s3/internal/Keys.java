package org.csghub.storage.s3.internal;

/**
 * The key rules of {@link org.csghub.storage.api.ObjectStore}, checked before a key reaches S3 (the same rules as the
 * filesystem store's, so an object can move between the stores under its key).
 */
final class Keys {

    /** Where unfinished uploads live (a key prefix); a key cannot start with it. */
    static final String TEMP_DIR = ".tmp";

    private Keys() {
    }

    /** Returns the key when it is valid, otherwise throws {@link IllegalArgumentException} saying why. */
    static String check(String key) {
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
        if (key.equals(TEMP_DIR) || key.startsWith(TEMP_DIR + "/")) {
            throw new IllegalArgumentException("object key " + quoted(key) + " is in the store's reserved " + TEMP_DIR);
        }
        return key;
    }

    private static String quoted(String key) {
        return "'" + key + "'";
    }
}
