package org.csghub.accounts.internal;

import java.time.Instant;
import java.util.List;

/** What the REST API answers with. */
final class Views {

    private Views() {
    }

    record Organization(long id, String name, String displayName, String description, Instant createdAt) {
        static Organization of(OrgRecord org) {
            return new Organization(org.id, org.name, org.displayName, org.description, org.createdAt);
        }
    }

    record Member(String username, String role, Instant since) {
    }

    record Collaborator(String username, String role, Instant since) {
    }

    record Token(long id, String name, String description, String prefix, List<String> scopes, String owner,
                 Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
    }

    /** A token as answered once, at creation: the only time the secret is shown. */
    record CreatedToken(Token token, String secret) {
    }

    record Session(String accessToken, String tokenType, long expiresIn, String refreshToken, String username) {
    }

    record Provider(String id, String name, String kind, String loginUrl) {
    }

    record WhoAmI(String name, String kind, long userId, String username, String organization, boolean siteAdmin,
                  List<String> scopes, List<String> organizations) {
    }
}
