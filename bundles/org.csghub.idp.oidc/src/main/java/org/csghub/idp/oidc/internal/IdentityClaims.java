package org.csghub.idp.oidc.internal;

import org.csghub.accounts.api.GroupMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.ExternalIdentity;

/**
 * Reads a person out of verified claims (the ID token's, merged with userinfo's when configured).
 *
 * @param usernameClaim where the username is; when absent, the e-mail's local part, then {@code sub}
 * @param groupsClaim   where the groups are: a list of names, or one name
 */
record IdentityClaims(String providerId, String usernameClaim, String groupsClaim, GroupMapping groupMapping) {

    ExternalIdentity identity(Map<String, Object> claims) {
        String subject = string(claims, "sub");
        // an unverified address is whatever the person typed into the provider; the hub must not trust it
        String email = Boolean.FALSE.equals(claims.get("email_verified")) ? null : string(claims, "email");
        String username = firstNonBlank(string(claims, usernameClaim), localPart(string(claims, "email")), subject);
        String displayName = firstNonBlank(string(claims, "name"),
                join(string(claims, "given_name"), string(claims, "family_name")), username);
        return new ExternalIdentity(providerId, subject, username, email, displayName, string(claims, "picture"),
                groupMapping.memberships(groups(claims)));
    }

    List<String> groups(Map<String, Object> claims) {
        Object value = claims.get(groupsClaim);
        List<String> groups = new ArrayList<>();
        if (value instanceof Collection<?> many) {
            many.forEach(g -> groups.add(String.valueOf(g)));
        } else if (value instanceof String one) {
            groups.add(one);
        }
        return groups;
    }

    private static String string(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String s && !s.isBlank() ? s : null;
    }

    private static String localPart(String email) {
        int at = email == null ? -1 : email.indexOf('@');
        return at > 0 ? email.substring(0, at) : null;
    }

    private static String join(String given, String family) {
        return given == null ? family : family == null ? given : given + " " + family;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
