package org.csghub.accounts.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.csghub.rest.ApiException;

/**
 * The rules for user and organization names, which become URL segments ({@code /models/<name>/...}) and
 * git paths: 2-64 characters, letters, digits, {@code -}, {@code _} and {@code .}, starting and ending with a
 * letter or digit, no two punctuation marks in a row, and not one of the words the hub's routes use.
 */
final class Names {

    static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Set<String> RESERVED = Set.of(
            "api", "admin", "hf", "v1", "login", "logout", "auth", "signup", "settings", "new", "explore", "search",
            "models", "datasets", "codes", "spaces", "prompts", "mcps", "mcp", "collections", "organizations",
            "orgs", "users", "user", "me", "whoami", "static", "assets", "docs", "metrics", "health", "files",
            "lfs", "git", "endpoints", "finetunes", "evaluations", "anonymous", "system", "null");

    private Names() {
    }

    /** The name, unchanged, when it follows the rules; otherwise a 400 naming the rule it breaks. */
    static String valid(String what, String name) {
        if (name == null || name.isBlank()) {
            throw invalid(what, name, "is required");
        }
        if (name.length() < 2 || name.length() > MAX_LENGTH) {
            throw invalid(what, name, "must be 2 to " + MAX_LENGTH + " characters long");
        }
        if (!ALLOWED.matcher(name).matches()) {
            throw invalid(what, name, "may only contain letters, digits, '-', '_' and '.'");
        }
        if (!Character.isLetterOrDigit(name.charAt(0)) || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            throw invalid(what, name, "must start and end with a letter or digit");
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isLetterOrDigit(name.charAt(i)) && !Character.isLetterOrDigit(name.charAt(i - 1))) {
                throw invalid(what, name, "must not contain two punctuation characters in a row");
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || lower.endsWith(".git")) {
            throw invalid(what, name, "is reserved");
        }
        return name;
    }

    private static ApiException invalid(String what, String name, String rule) {
        String shown = name == null ? "" : name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return new ApiException(400, "invalid_name", what + " " + rule,
                java.util.Map.of("field", what, "value", shown, "rule", rule));
    }
}
