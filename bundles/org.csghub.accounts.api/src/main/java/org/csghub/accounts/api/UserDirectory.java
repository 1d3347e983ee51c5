package org.csghub.accounts.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Looks up users; deleted users are not found. */
@ProviderType
public interface UserDirectory {

    Optional<UserView> byUsername(String username);

    Optional<UserView> byId(long id);

    /** Whether an organization of that name exists (names compare case-insensitively). */
    boolean organizationExists(String name);

    /** The organizations the user is a member of. */
    java.util.List<String> organizationsOf(long userId);
}
