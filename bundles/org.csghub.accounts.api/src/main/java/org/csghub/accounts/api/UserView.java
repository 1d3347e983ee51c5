package org.csghub.accounts.api;

import java.time.Instant;

/** A user as other bundles see it: no secrets, no credentials. */
public record UserView(long id, String username, String email, String displayName, String avatarUrl,
                       boolean siteAdmin, boolean disabled, Instant createdAt, Instant updatedAt) {
}
