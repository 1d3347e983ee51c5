package org.csghub.idp.oidc.internal;

import org.csghub.accounts.api.GroupMapping;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.ExternalIdentity.Membership;
import org.csghub.accounts.api.Role;
import org.junit.jupiter.api.Test;

class IdentityClaimsTest {

    private final IdentityClaims claims = new IdentityClaims("kc", "preferred_username", "groups",
            GroupMapping.parse(new String[] {"devs=acme:write"}));

    @Test
    void readsThePersonFromStandardClaims() {
        ExternalIdentity id = claims.identity(Map.of("sub", "123", "preferred_username", "alice",
                "email", "alice@example.org", "email_verified", true, "given_name", "Alice", "family_name", "Liddell",
                "picture", "https://img/a.png", "groups", List.of("devs", "other")));
        assertThat(id).isEqualTo(new ExternalIdentity("kc", "123", "alice", "alice@example.org", "Alice Liddell",
                "https://img/a.png", List.of(new Membership("acme", Role.WRITE))));
    }

    @Test
    void fallsBackToTheEmailLocalPartThenTheSubject() {
        assertThat(claims.identity(Map.of("sub", "123", "email", "bob@example.org")).username()).isEqualTo("bob");
        assertThat(claims.identity(Map.of("sub", "123")).username()).isEqualTo("123");
    }

    @Test
    void dropsAnEmailTheProviderSaysIsUnverified() {
        ExternalIdentity id = claims.identity(Map.of("sub", "1", "email", "eve@example.org", "email_verified", false));
        assertThat(id.email()).isNull();
        assertThat(id.username()).isEqualTo("eve");
    }

    @Test
    void acceptsASingleGroupAsAString() {
        assertThat(claims.identity(Map.of("sub", "1", "groups", "devs")).memberships())
                .containsExactly(new Membership("acme", Role.WRITE));
    }
}
