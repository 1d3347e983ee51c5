package org.csghub.repo.git.internal.lfs;

import org.csghub.accounts.api.Subject;

/** Who may do what with an LFS lock. */
public final class LockRules {

    /** The answer to an unlock request. */
    public enum Unlock {
        ALLOWED,
        /** someone else's lock, and {@code force} was not asked for */
        NOT_OWNER,
        /** someone else's lock, {@code force} asked for, but the caller does not administer the repository */
        NEEDS_ADMIN
    }

    private LockRules() {
    }

    /** A lock is the caller's when it was taken by the same user (or, for non-users, the same name). */
    public static boolean ours(LfsLocks.Lock lock, Subject subject) {
        if (subject.isUser()) {
            return lock.ownerId() == subject.userId();
        }
        return lock.ownerId() == subject.userId() && lock.ownerName().equals(subject.getName());
    }

    /**
     * @param repoAdmin whether the caller administers the repository (site admins do)
     */
    public static Unlock unlock(boolean ours, boolean force, boolean repoAdmin) {
        if (ours) {
            return Unlock.ALLOWED;
        }
        if (!force) {
            return Unlock.NOT_OWNER;
        }
        return repoAdmin ? Unlock.ALLOWED : Unlock.NEEDS_ADMIN;
    }

    /** A lockable path: relative, {@code /}-separated, no empty, {@code .} or {@code ..} segment. */
    public static boolean validPath(String path) {
        if (path == null || path.isEmpty() || path.length() > 1024 || path.startsWith("/") || path.endsWith("/")
                || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
