package org.csghub.accounts.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.ServiceTokens;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Short-lived tokens for the hub's own workloads: ordinary access tokens of the user with an expiry. */
@Component(service = ServiceTokens.class)
public class DefaultServiceTokens implements ServiceTokens {

    static final Duration MAX_TTL = Duration.ofDays(1);

    private final TokenService tokens;

    @Activate
    public DefaultServiceTokens(@Reference TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public IssuedToken issue(long userId, String purpose, Set<Scope> scopes, Duration ttl) {
        if (userId <= 0) {
            throw new IllegalArgumentException("service tokens act for a user");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + MAX_TTL);
        }
        String name = purpose.length() > 64 ? purpose.substring(0, 64) : purpose;
        Instant expiresAt = Instant.now().plus(ttl);
        Views.CreatedToken created = tokens.create(userId, null, userId, null, name, "issued by the hub",
                scopes.stream().map(Scope::wireName).sorted().toList(), expiresAt);
        return new IssuedToken(created.token().id(), created.secret(), expiresAt);
    }

    @Override
    public void revoke(long userId, long tokenId) {
        try {
            tokens.revoke(userId, null, tokenId);
        } catch (ApiException gone) {
            if (gone.status() != 404) {
                throw gone;
            }
        }
    }
}
