package org.csghub.accounts.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Local passwords, provided by the bundle that offers password login ({@code idp.local}). When no such bundle
 * is installed, users can only log in through external providers and the hub refuses to set passwords.
 */
@ProviderType
public interface PasswordCredentials {

    /**
     * Sets (or replaces) a user's password, hashed with a memory-hard function; the plain text is never kept.
     *
     * @throws IllegalArgumentException when the password breaks the policy (the message says which rule)
     */
    void set(long userId, char[] password);

    /** Forgets the user's password, e.g. when the user is deleted. */
    void remove(long userId);
}
