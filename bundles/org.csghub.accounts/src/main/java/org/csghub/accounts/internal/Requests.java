package org.csghub.accounts.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.csghub.rest.ApiException;

/** Request bodies of the accounts API. */
final class Requests {

    private Requests() {
    }

    record Login(String provider, String username, String password) {
    }

    record Refresh(String refreshToken) {
    }

    record CreateUser(String username, String email, String displayName, String password, Boolean siteAdmin) {
    }

    record UpdateUser(String email, String displayName, String avatarUrl, String password, Boolean siteAdmin,
                      Boolean disabled) {
    }

    record CreateOrganization(String name, String displayName, String description) {
    }

    record UpdateOrganization(String displayName, String description) {
    }

    record Grant(String role) {
    }

    record CreateToken(String name, String description, List<String> scopes, Instant expiresAt) {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("invalid_body", "A JSON body is required");
        }
        return body;
    }

    static org.csghub.accounts.api.Role role(Grant grant) {
        try {
            return org.csghub.accounts.api.Role.parseGrantable(required(grant).role());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_field", e.getMessage(), Map.of("field", "role"));
        }
    }
}
