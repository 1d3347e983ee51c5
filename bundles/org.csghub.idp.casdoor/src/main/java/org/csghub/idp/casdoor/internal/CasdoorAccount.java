package org.csghub.idp.casdoor.internal;

import java.util.List;

/**
 * The part of Casdoor's user object this plugin reads from {@code /api/get-user}. The SDK's own {@code User}
 * (1.24.0) has no {@code groups}, so {@link CasdoorDirectory} binds Casdoor's answer to this record instead.
 *
 * @param groups Casdoor group ids, {@code <organization>/<group>}
 */
public record CasdoorAccount(String owner, String name, String id, String displayName, String email, String avatar,
                             List<String> groups, boolean isForbidden) {

    public CasdoorAccount {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
