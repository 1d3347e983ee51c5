package org.csghub.repo.git.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Authenticator;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.Repo;
import org.csghub.rest.RequestIds;

/** Who calls a Git or LFS endpoint, and whether they may: the accounts' authenticator and permissions. */
public final class Callers {

    /** Which accounts answer a refusal, and how a client should react to it. */
    public enum Refusal {
        /** ask for credentials (401 with a Basic challenge) */
        LOG_IN,
        /** the repository is invisible to this caller */
        NOT_FOUND,
        /** visible, but not for this action */
        FORBIDDEN
    }

    private final Authenticator authenticator;
    private final Permissions permissions;

    public Callers(Authenticator authenticator, Permissions permissions) {
        this.authenticator = authenticator;
        this.permissions = permissions;
    }

    /** @throws AccessDeniedException 401 for a credential that is unknown, expired or revoked */
    public Subject subject(HttpServletRequest req) {
        return authenticator.authenticate(req.getHeader("Authorization"), req.getRemoteAddr(),
                req.getHeader(RequestIds.HEADER));
    }

    /** Empty when allowed; otherwise how to refuse. Anonymous callers are always asked to log in. */
    public java.util.Optional<Refusal> check(Subject subject, Action action, Repo repo) {
        try {
            permissions.require(subject, action, repo.ref());
            return java.util.Optional.empty();
        } catch (AccessDeniedException e) {
            return java.util.Optional.of(refusal(subject, e.status()));
        }
    }

    public boolean can(Subject subject, Action action, Repo repo) {
        return permissions.can(subject, action, repo.ref());
    }

    static Refusal refusal(Subject subject, int status) {
        if (subject.isAnonymous() || status == 401) {
            return Refusal.LOG_IN;
        }
        return status == 403 ? Refusal.FORBIDDEN : Refusal.NOT_FOUND;
    }
}
