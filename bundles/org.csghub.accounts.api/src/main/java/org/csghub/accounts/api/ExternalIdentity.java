package org.csghub.accounts.api;

import java.util.List;
import java.util.Objects;

/**
 * A person as an identity provider vouches for them. The hub finds the local user linked to
 * {@code (provider, subject)} or creates one just in time, and applies {@code memberships} when the provider
 * maps groups to organizations.
 *
 * @param subject  the provider's stable id for the person (OIDC {@code sub})
 * @param username the preferred username; the hub makes it valid and unique when it creates the user
 */
public record ExternalIdentity(String provider, String subject, String username, String email, String displayName,
                               String avatarUrl, List<Membership> memberships) {

    public ExternalIdentity {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(subject, "subject");
        memberships = memberships == null ? List.of() : List.copyOf(memberships);
    }

    /** An organization role the provider grants (from a group claim). */
    public record Membership(String organization, Role role) {
    }
}
