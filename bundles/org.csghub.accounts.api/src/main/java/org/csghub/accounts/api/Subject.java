package org.csghub.accounts.api;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling and from where.
 *
 * <ul>
 * <li>A user ({@code userId > 0}), through a session or a personal access token; {@code scopes} are the
 * token's (a session has {@link Scope#ALL}).</li>
 * <li>An organization API key: {@code userId == 0}, {@code organization} names the organization, and the
 * key acts for it within its scopes.</li>
 * <li>Anonymous: no user, no organization, no scopes.</li>
 * <li>The operator: whoever holds the break-glass admin token from the configuration
 * ({@code CSGHUB_ADMIN_TOKEN}); a site admin that is no user ({@code userId < 0}).</li>
 * </ul>
 *
 * @param tokenId the access token the call came with, or {@code null} for sessions and anonymous calls
 */
public record Subject(long userId, String username, String organization, boolean siteAdmin, Set<Scope> scopes,
                      Long tokenId, String clientIp, String requestId) implements Principal {

    /** The property under which the REST stack keeps the caller on each request. */
    public static final String REQUEST_PROPERTY = "org.csghub.accounts.subject";

    public Subject {
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    }

    public static Subject anonymous(String clientIp, String requestId) {
        return new Subject(0, null, null, false, Set.of(), null, clientIp, requestId);
    }

    /** The holder of the configured admin token. */
    public static Subject operator(String clientIp, String requestId) {
        return new Subject(-1, "operator", null, true, Scope.ALL, null, clientIp, requestId);
    }

    public boolean isOperator() {
        return userId < 0;
    }

    /** The caller of a REST request, as the authentication filter left it ({@code anonymous} if none). */
    public static Subject of(SecurityContext context) {
        Principal principal = context == null ? null : context.getUserPrincipal();
        return principal instanceof Subject subject ? subject : anonymous(null, null);
    }

    public boolean isAnonymous() {
        return userId == 0 && organization == null;
    }

    public boolean isUser() {
        return userId > 0;
    }

    public boolean isOrganizationKey() {
        return userId == 0 && organization != null;
    }

    public boolean hasScope(Scope scope) {
        return scopes.contains(scope);
    }

    /** A name for logs and audit rows: the username, {@code org:<name>} for organization keys, or {@code anonymous}. */
    @Override
    public String getName() {
        if (isUser() || isOperator()) {
            return username;
        }
        return isOrganizationKey() ? "org:" + organization : "anonymous";
    }
}
