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
    }

    void forgetSession(String id) {
        caches.sessions.invalidate(id);
    }

    void forgetUser(long id) {
        caches.users.invalidate(id);
        caches.roles.invalidateAll();
        caches.tokens.invalidateAll();
    }

    void forgetRoles() {
        caches.roles.invalidateAll();
    }

    private static final class Caches {
        final Cache<String, Optional<TokenService.TokenInfo>> tokens;
        final Cache<String, Optional<TokenService.SessionInfo>> sessions;
        final Cache<Long, Optional<AccountStore.UserFlags>> users;
        final Cache<String, Role> roles;

        Caches(Duration ttl) {
            tokens = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
            sessions = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
            users = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
            roles = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(200_000).build();
        }
    }
}
