package org.csghub.accounts.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one permission service. Rules, in order:
 * <ol>
 * <li>site admins may do everything (reads of private assets they have no role on are audited);</li>
 * <li>the owner of a user namespace administers what it owns;</li>
 * <li>in an organization namespace, members get their role ({@code read < write < admin});</li>
 * <li>collaborators of a resource get their role on it;</li>
 * <li>anyone, anonymous included, may read public resources;</li>
 * <li>a token caps all of this by its scopes.</li>
 * </ol>
 * Private assets are invisible to those who may not read them: {@link #require} answers 404, not 403.
 */
@ProviderType
public interface Permissions {

    /** The effective role, scopes applied: what {@link #can} compares against. */
    Role role(Subject subject, ResourceRef resource);

    default boolean can(Subject subject, Action action, ResourceRef resource) {
        return role(subject, resource).allows(action);
    }

    /**
     * Returns when the subject may perform the action; otherwise throws {@link AccessDeniedException}: 404
     * when the subject may not even read the resource, 401 when an anonymous caller needs to log in to act,
     * 403 when it may read but not act.
     */
    void require(Subject subject, Action action, ResourceRef resource);

    /** The subject's role in an organization ({@link Role#NONE} for non-members), site admin included. */
    Role organizationRole(Subject subject, String organization);
}
