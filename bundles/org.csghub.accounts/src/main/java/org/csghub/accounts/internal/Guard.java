package org.csghub.accounts.internal;

import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;

/** The checks account routes make before the permission service is even involved. */
final class Guard {

    private Guard() {
    }

    /** A logged-in user (not anonymous, not an organization key). */
    static Subject user(Subject subject) {
        if (subject.isAnonymous()) {
            throw (AccessDeniedException) DefaultAuthenticator.denied("unauthenticated", "Log in first");
        }
        if (!subject.isUser()) {
            throw AccessDeniedException.forbidden("Only users can use this route (not organization keys or the admin token)");
        }
        return subject;
    }

    /** A user whose session or token allows the action on their own account. */
    static Subject user(Subject subject, Action action) {
        user(subject);
        if (!Scope.permits(subject.scopes(), action)) {
            throw AccessDeniedException.forbidden("This token lacks the " + action.name().toLowerCase() + " scope");
        }
        return subject;
    }

    /** A site admin with a session or an admin-scoped token. */
    static Subject siteAdmin(Subject subject) {
        user(subject);
        if (!subject.siteAdmin()) {
            throw AccessDeniedException.forbidden("Only site admins may do this");
        }
        if (!subject.hasScope(Scope.ADMIN)) {
            throw AccessDeniedException.forbidden("This token lacks the admin scope");
        }
        return subject;
    }
}
