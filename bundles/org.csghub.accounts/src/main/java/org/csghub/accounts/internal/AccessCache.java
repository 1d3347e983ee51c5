package org.csghub.accounts.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.csghub.accounts.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Short-lived caches in front of the lookups every request makes (token, session, user flags, roles). An entry
 * lives at most {@code cacheSeconds}, which bounds how long a revocation or role change made on another replica
 * takes to apply; changes made on this replica invalidate at once.
 */
@Component(service = AccessCache.class, configurationPid = AccountsConfig.PID)
public class AccessCache {

    private volatile Caches caches;

    @Activate
    public AccessCache(AccountsConfig config) {
        this.caches = new Caches(Duration.ofSeconds(Math.max(0, config.cacheSeconds())));
    }

    @Modified
    void modified(AccountsConfig config) {
        this.caches = new Caches(Duration.ofSeconds(Math.max(0, config.cacheSeconds())));
    }

    /** A credential already resolved: the caller it stands for, and until when that answer may be reused. */
    record Resolved(org.csghub.accounts.api.Subject subject, java.time.Instant validUntil) {
    }

    /**
     * The caller behind a credential (the whole Authorization value), resolved at most once per cache period:
     * one lookup on the hot path instead of hashing and three lookups.
     */
    Resolved credential(String authorization, Function<String, Resolved> resolve) {
        Resolved resolved = caches.credentials.get(authorization, resolve);
        if (resolved.validUntil() != null && !resolved.validUntil().isAfter(java.time.Instant.now())) {
            caches.credentials.invalidate(authorization);
            return resolve.apply(authorization);
        }
        return resolved;
    }

    Optional<TokenService.TokenInfo> token(String hash, Function<String, Optional<TokenService.TokenInfo>> load) {
        return caches.tokens.get(hash, load);
    }

    Optional<TokenService.SessionInfo> session(String id, Function<String, Optional<TokenService.SessionInfo>> load) {
        return caches.sessions.get(id, load);
    }

    Optional<AccountStore.UserFlags> user(long id, Function<Long, Optional<AccountStore.UserFlags>> load) {
        return caches.users.get(id, load);
    }

    Role role(String key, Function<String, Role> load) {
        return caches.roles.get(key, load);
    }

    void forgetToken(String hash) {
        caches.tokens.invalidate(hash);
        caches.credentials.invalidateAll();
    }

    void forgetSession(String id) {
        caches.sessions.invalidate(id);
        caches.credentials.invalidateAll();
    }

    void forgetUser(long id) {
        caches.users.invalidate(id);
        caches.roles.invalidateAll();
        caches.tokens.invalidateAll();
        caches.credentials.invalidateAll();
    }

    /** After changes that end many credentials at once (an organization and its keys deleted). */
    void forgetCredentials() {
        caches.tokens.invalidateAll();
        caches.credentials.invalidateAll();
    }

    void forgetRoles() {
        caches.roles.invalidateAll();
    }

    private static final class Caches {
        final Cache<String, Optional<TokenService.TokenInfo>> tokens;
        final Cache<String, Optional<TokenService.SessionInfo>> sessions;
        final Cache<Long, Optional<AccountStore.UserFlags>> users;
        final Cache<String, Role> roles;
        final Cache<String, Resolved> credentials;

        Caches(Duration ttl) {
            credentials = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
            tokens = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
            sessions = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
            users = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
            roles = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(200_000).build();
        }
    }
}
