package org.csghub.accounts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.csghub.accounts.api.ExternalIdentity.Membership;
import org.junit.jupiter.api.Test;

class GroupMappingTest {

    private final GroupMapping mapping = GroupMapping.parse(new String[] {
        "/ml-team=ml-team:write", "admins=acme:admin", "readers=acme:read", "/ml-team=acme:read", " "});

    @Test
    void mapsGroupsToMembershipsAndKeepsTheHighestRolePerOrganization() {
        assertThat(mapping.memberships(List.of("readers", "/ml-team", "admins", "unmapped")))
                .containsExactly(new Membership("acme", Role.ADMIN), new Membership("ml-team", Role.WRITE));
    }

    @Test
    void unmappedGroupsGrantNothing() {
        assertThat(mapping.memberships(List.of("ml-team", "staff"))).isEmpty();
    }

    @Test
    void refusesMalformedRulesAtParseTime() {
        assertThatThrownBy(() -> GroupMapping.parse(new String[] {"admins=acme"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group=organization:role");
        assertThatThrownBy(() -> GroupMapping.parse(new String[] {"admins=acme:owner"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read, write, admin");
        assertThatThrownBy(() -> GroupMapping.parse(new String[] {"=acme:read"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
