package org.csghub.accounts.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Looks up users; deleted users are not found. */
@ProviderType
public interface UserDirectory {

    Optional<UserView> byUsername(String username);

    Optional<UserView> byId(long id);
}
