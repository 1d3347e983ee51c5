package org.csghub.accounts.internal;

import java.util.Locale;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.AuditEvent;
import org.csghub.accounts.api.AuditLog;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.Role;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The rules of {@link Permissions} over cached role lookups. A subject's role is the highest of: admin as site
 * admin, admin as owner of the user namespace, its organization role, its collaborator role, and read on
 * public resources; a token then caps it by its scopes (a read token never writes), but never below what
 * anonymous callers get.
 */
@Component(service = {Permissions.class, DefaultPermissions.class})
public class DefaultPermissions implements Permissions {

    private final AccountStore accounts;
    private final AccessCache cache;
    private final AuditLog audit;
    private final AuthMetrics metrics;

    @Activate
    public DefaultPermissions(@Reference AccountStore accounts, @Reference AccessCache cache,
                              @Reference AuditLog audit, @Reference AuthMetrics metrics) {
        this.accounts = accounts;
        this.cache = cache;
        this.audit = audit;
        this.metrics = metrics;
    }

    @Override
    public Role role(Subject subject, ResourceRef resource) {
        Role publicRole = resource.isPublic() ? Role.READ : Role.NONE;
        Role granted = subject.siteAdmin() ? Role.ADMIN : granted(subject, resource);
        return cap(granted.atLeast(publicRole), subject).atLeast(publicRole);
    }

    @Override
    public void require(Subject subject, Action action, ResourceRef resource) {
        long start = System.nanoTime();
        try {
            check(subject, action, resource);
        } finally {
            metrics.checked(start, subject.isAnonymous());
        }
    }

    private void check(Subject subject, Action action, ResourceRef resource) {
        Role role = role(subject, resource);
        if (role.allows(action)) {
            if (subject.siteAdmin() && action == Action.READ && !resource.isPublic()
                    && !granted(subject, resource).allows(Action.READ)) {
                audit.record(AuditEvent.of(subject, "admin.read", resource.key(), "success", 0,
                        "site admin read a private resource they have no role on"));
            }
            return;
        }
        if (!role.allows(Action.READ)) {
            throw AccessDeniedException.hidden(resource.kind() + " " + resource.namespace() + "/" + resource.name());
        }
        if (subject.isAnonymous()) {
            throw AccessDeniedException.unauthenticated("Log in to " + action.name().toLowerCase(Locale.ROOT)
                    + " " + resource.namespace() + "/" + resource.name());
        }
        throw AccessDeniedException.forbidden("You need " + action.name().toLowerCase(Locale.ROOT)
                + " access to " + resource.namespace() + "/" + resource.name()
                + (subject.tokenId() != null ? " (and a token with that scope)" : ""));
    }

    @Override
    public Role organizationRole(Subject subject, String organization) {
        Role role;
        if (subject.siteAdmin()) {
            role = Role.ADMIN;
        } else if (subject.isOrganizationKey()) {
            role = subject.organization().equalsIgnoreCase(organization) ? Role.ADMIN : Role.NONE;
        } else if (subject.isUser()) {
            role = memberRole(subject.userId(), organization);
        } else {
            role = Role.NONE;
        }
        return cap(role, subject);
    }

    /** The role from ownership, membership and collaboration, before scopes and public access. */
    private Role granted(Subject subject, ResourceRef resource) {
        if (subject.isOrganizationKey()) {
            return subject.organization().equalsIgnoreCase(resource.namespace()) ? Role.ADMIN : Role.NONE;
        }
        if (!subject.isUser()) {
            return Role.NONE;
        }
        if (subject.username().equalsIgnoreCase(resource.namespace())) {
            return Role.ADMIN;
        }
        Role member = memberRole(subject.userId(), resource.namespace());
        if (member == Role.ADMIN) {
            return member;
        }
        Role collaborator = cache.role("c:" + subject.userId() + ":" + resource.key(),
                k -> accounts.collaboratorRole(resource.key(), subject.userId()));
        return member.atLeast(collaborator);
    }

    private Role memberRole(long userId, String organization) {
        return cache.role("m:" + userId + ":" + organization.toLowerCase(Locale.ROOT),
                k -> accounts.memberRole(userId, organization));
    }

    /** The highest role a subject's scopes allow (sessions have every scope). */
    static Role cap(Role role, Subject subject) {
        Role max = subject.hasScope(Scope.ADMIN) ? Role.ADMIN
                : subject.hasScope(Scope.WRITE) ? Role.WRITE
                : subject.hasScope(Scope.READ) ? Role.READ : Role.NONE;
        return role.compareTo(max) <= 0 ? role : max;
    }
}
