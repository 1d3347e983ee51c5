package org.csghub.accounts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.ExternalIdentity;
import org.csghub.accounts.api.Role;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.junit.jupiter.api.Test;

class RulesTest {

    @Test
    void rolesAreOrderedAndAllowLesserActions() {
        assertThat(Role.WRITE.allows(Action.READ)).isTrue();
        assertThat(Role.WRITE.allows(Action.WRITE)).isTrue();
        assertThat(Role.WRITE.allows(Action.ADMIN)).isFalse();
        assertThat(Role.NONE.allows(Action.READ)).isFalse();
        assertThat(Role.READ.atLeast(Role.ADMIN)).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> Role.parseGrantable("owner")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Role.parseGrantable("none")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokensCapRolesByTheirScopes() {
        Subject readToken = new Subject(7, "u", null, false, Set.of(Scope.READ), 1L, null, null);
        Subject inference = new Subject(7, "u", null, false, Set.of(Scope.INFERENCE), 1L, null, null);
        Subject session = new Subject(7, "u", null, false, Scope.ALL, null, null, null);
        assertThat(DefaultPermissions.cap(Role.ADMIN, readToken)).isEqualTo(Role.READ);
        assertThat(DefaultPermissions.cap(Role.ADMIN, inference)).isEqualTo(Role.NONE);
        assertThat(DefaultPermissions.cap(Role.WRITE, session)).isEqualTo(Role.WRITE);
        assertThat(Scope.permits(Set.of(Scope.WRITE), Action.READ)).isTrue();
        assertThat(Scope.permits(Set.of(Scope.WRITE), Action.ADMIN)).isFalse();
    }

    @Test
    void subjectsNameThemselvesForAuditRows() {
        assertThat(Subject.anonymous("1.2.3.4", "r").getName()).isEqualTo("anonymous");
        assertThat(new Subject(0, null, "acme", false, Set.of(Scope.READ), 3L, null, null).getName()).isEqualTo("org:acme");
        assertThat(Subject.operator(null, null).getName()).isEqualTo("operator");
        assertThat(Subject.operator(null, null).isAnonymous()).isFalse();
    }

    @Test
    void auditResultsFollowTheStatus() {
        assertThat(AuditFilter.result(201)).isEqualTo("success");
        assertThat(AuditFilter.result(404)).isEqualTo("denied");
        assertThat(AuditFilter.result(429)).isEqualTo("denied");
        assertThat(AuditFilter.result(409)).isEqualTo("failed");
        assertThat(AuditFilter.result(500)).isEqualTo("failed");
    }

    @Test
    void justInTimeUsernamesAreMadeValid() {
        assertThat(AccountStore.usernameFrom(identity("Jane Doe", null))).isEqualTo("Jane-Doe");
        assertThat(AccountStore.usernameFrom(identity(null, "j.doe+hub@example.org"))).isEqualTo("j.doe-hub");
        assertThat(AccountStore.usernameFrom(identity("admin", null))).isEqualTo("user-admin");
        assertThat(AccountStore.usernameFrom(identity("x".repeat(80), null))).hasSize(64);
    }

    @Test
    void ratePlansAreParsedAndChecked() {
        assertThat(DbRateLimiter.Plans.parse("user", "600/10").capacity()).isEqualTo(600);
        assertThatThrownBy(() -> DbRateLimiter.Plans.parse("user", "600")).hasMessageContaining("capacity/refill");
        assertThatThrownBy(() -> DbRateLimiter.Plans.parse("user", "0/1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bucketsAreKeyedByTokenSessionOrAddress() {
        assertThat(AuthFilter.bucketKey(new Subject(7, "u", null, false, Set.of(Scope.READ), 42L, "ip", null)))
                .isEqualTo("token:42");
        assertThat(AuthFilter.bucketKey(new Subject(7, "u", null, false, Scope.ALL, null, "ip", null)))
                .isEqualTo("user:7");
        assertThat(AuthFilter.bucketKey(Subject.anonymous("10.0.0.9", null))).isEqualTo("ip:10.0.0.9");
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        ClientAddresses addresses = new ClientAddresses(config("10.0.0.1"));
        assertThat(addresses.clientIp("10.0.0.1", "203.0.113.5, 10.0.0.1")).isEqualTo("203.0.113.5");
        assertThat(addresses.clientIp("198.51.100.7", "203.0.113.5")).isEqualTo("198.51.100.7");
    }

    private static ExternalIdentity identity(String username, String email) {
        return new ExternalIdentity("oidc", "sub-1", username, email, null, null, List.of());
    }

    private static AccountsConfig config(String... proxies) {
        return new AccountsConfig() {
            public Class<? extends java.lang.annotation.Annotation> annotationType() { return AccountsConfig.class; }
            public int accessTokenTtlSeconds() { return 900; }
            public int refreshTokenTtlDays() { return 30; }
            public int cacheSeconds() { return 5; }
            public String rateAnonymous() { return "1/1"; }
            public String rateUser() { return "1/1"; }
            public String rateAdmin() { return "1/1"; }
            public String rateOrganization() { return "1/1"; }
            public boolean rateLimitEnabled() { return true; }
            public String[] trustedProxies() { return proxies; }
            public String adminUsername() { return "root"; }
            public String adminEmail() { return "root@localhost"; }
            public String _adminToken() { return ""; }
            public String _adminPassword() { return ""; }
        };
    }
}
