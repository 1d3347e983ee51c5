package org.csghub.accounts.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.csghub.accounts.api.Scope;
import org.csghub.persistence.api.Transactions;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens (personal and organization keys) and login sessions. Secrets are 256 random bits, shown once
 * and stored as SHA-256; lookups go through {@link AccessCache}, so a revocation applies everywhere within the
 * cache bound.
 */
@Component(service = TokenService.class, configurationPid = AccountsConfig.PID)
public class TokenService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    static final String TOKEN_PREFIX = "csg_";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Transactions tx;
    private final AccessCache cache;
    private final SessionTokens jwt;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Instant> lastTouched = new ConcurrentHashMap<>();
    private final ExecutorService toucher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "csghub-token-touch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile AccountsConfig config;

    @Activate
    public TokenService(@Reference Transactions tx, @Reference AccessCache cache, @Reference SessionTokens jwt,
                        AccountsConfig config) {
        this.tx = tx;
        this.cache = cache;
        this.jwt = jwt;
        this.config = config;
    }

    @Modified
    void modified(AccountsConfig changed) {
        this.config = changed;
    }

    @Deactivate
    void deactivate() {
        toucher.shutdownNow();
    }

    /** What authentication needs to know about a token. */
    record TokenInfo(long id, Long userId, Long orgId, Set<Scope> scopes, Instant expiresAt, Instant revokedAt) {
    }

    /** What authentication needs to know about a session. */
    record SessionInfo(String id, long userId, Instant expiresAt, Instant revokedAt) {
    }

    // ---- tokens

    Views.CreatedToken create(Long userId, Long orgId, long createdBy, String owner, String name, String description,
                              List<String> scopeNames, Instant expiresAt) {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new ApiException(400, "invalid_field", "name is required (at most 64 characters)",
                    Map.of("field", "name"));
        }
        if (description != null && description.length() > 500) {
            throw new ApiException(400, "invalid_field", "description is at most 500 characters",
                    Map.of("field", "description"));
        }
        Set<Scope> scopes = scopes(scopeNames);
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw new ApiException(400, "invalid_field", "expiresAt must be in the future",
                    Map.of("field", "expiresAt"));
        }
        String secret = TOKEN_PREFIX + Hashes.randomToken(random, 32);
        TokenRecord row = new TokenRecord();
        row.tokenHash = Hashes.sha256(secret);
        row.tokenPrefix = secret.substring(0, 8);
        row.name = name.trim();
        row.description = description;
        row.userId = userId;
        row.orgId = orgId;
        row.createdBy = createdBy;
        row.scopes = scopes.stream().map(Scope::wireName).sorted().collect(Collectors.joining(","));
        row.createdAt = Instant.now();
        row.expiresAt = expiresAt;
        tx.run(em -> em.persist(row));
        return new Views.CreatedToken(view(row, owner), secret);
    }

    List<Views.Token> list(Long userId, Long orgId, String owner) {
        return tx.readOnly(em -> em.createQuery("select t from TokenRecord t where "
                                + (userId != null ? "t.userId = :o" : "t.orgId = :o") + " order by t.id", TokenRecord.class)
                        .setParameter("o", userId != null ? userId : orgId).getResultList())
                .stream().map(t -> view(t, owner)).toList();
    }

    /** Revokes one of the owner's tokens; 404 when the owner has no such token. */
    void revoke(Long userId, Long orgId, long tokenId) {
        String hash = tx.inTransaction(em -> {
            TokenRecord row = em.find(TokenRecord.class, tokenId);
            boolean owned = row != null && (userId != null ? userId.equals(row.userId) : orgId.equals(row.orgId));
            if (!owned) {
                throw ApiException.notFound("Token " + tokenId + " not found");
            }
            if (row.revokedAt == null) {
                row.revokedAt = Instant.now();
            }
            return row.tokenHash;
        });
        cache.forgetToken(hash);
    }

    /** The token behind a presented secret, if it was ever issued (revoked and expired ones included). */
    Optional<TokenInfo> lookup(String secret) {
        String hash = Hashes.sha256(secret);
        return cache.token(hash, h -> tx.readOnly(em -> em.createQuery(
                        "select t from TokenRecord t where t.tokenHash = :h", TokenRecord.class)
                .setParameter("h", h).getResultStream().findFirst()
                .map(t -> new TokenInfo(t.id, t.userId, t.orgId, parse(t.scopes), t.expiresAt, t.revokedAt))));
    }

    /** Records that a token was used, at most once a minute per token and off the request thread. */
    void touch(long tokenId) {
        Instant now = Instant.now();
        Instant last = lastTouched.get(tokenId);
        if (last != null && last.plus(TOUCH_INTERVAL).isAfter(now)) {
            return;
        }
        lastTouched.put(tokenId, now);
        toucher.execute(() -> {
            try {
                tx.run(em -> em.createQuery("update TokenRecord t set t.lastUsedAt = :now where t.id = :id")
                        .setParameter("now", now).setParameter("id", tokenId).executeUpdate());
            } catch (RuntimeException e) {
                LOG.warn("Could not record the last use of token id={}: {}", tokenId, e.toString());
            }
        });
    }

    // ---- sessions

    Views.Session createSession(long userId, String username, String provider) {
        AccountsConfig cfg = config;
        String refresh = Hashes.randomToken(random, 32);
        SessionRecord row = new SessionRecord();
        row.id = UUID.randomUUID().toString();
        row.userId = userId;
        row.refreshHash = Hashes.sha256(refresh);
        row.provider = provider;
        row.createdAt = Instant.now();
        row.refreshedAt = row.createdAt;
        row.expiresAt = row.createdAt.plus(Duration.ofDays(cfg.refreshTokenTtlDays()));
        tx.run(em -> em.persist(row));
        return issue(row, username, refresh);
    }

    /** Trades a refresh token for a new access token and a new refresh token (the old one stops working). */
    Views.Session refresh(String refreshToken, java.util.function.LongFunction<Optional<AccountStore.UserFlags>> users) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new ApiException(400, "invalid_field", "refreshToken is required", Map.of("field", "refreshToken"));
        }
        String next = Hashes.randomToken(random, 32);
        SessionRecord session = tx.inTransaction(em -> {
            SessionRecord row = em.createQuery("select s from SessionRecord s where s.refreshHash = :h",
                    SessionRecord.class).setParameter("h", Hashes.sha256(refreshToken)).getResultStream()
                    .findFirst().orElseThrow(() -> unauthorized("invalid_refresh_token", "Unknown refresh token"));
            if (row.revokedAt != null) {
                throw unauthorized("session_revoked", "This session was logged out");
            }
            if (row.expiresAt.isBefore(Instant.now())) {
                throw unauthorized("session_expired", "This session has expired; log in again");
            }
            row.refreshHash = Hashes.sha256(next);
            row.refreshedAt = Instant.now();
            return row;
        });
        AccountStore.UserFlags user = users.apply(session.userId).filter(AccountStore.UserFlags::active)
                .orElseThrow(() -> unauthorized("account_disabled", "This account is disabled"));
        return issue(session, user.username(), next);
    }

    void revokeSession(String sessionId) {
        tx.run(em -> em.createQuery("update SessionRecord s set s.revokedAt = :now where s.id = :id and s.revokedAt is null")
                .setParameter("now", Instant.now()).setParameter("id", sessionId).executeUpdate());
        cache.forgetSession(sessionId);
    }

    Optional<SessionInfo> session(String id) {
        return cache.session(id, key -> tx.readOnly(em -> Optional.ofNullable(em.find(SessionRecord.class, key))
                .map(s -> new SessionInfo(s.id, s.userId, s.expiresAt, s.revokedAt))));
    }

    SessionTokens.Claims verifyJwt(String token) {
        return jwt.verify(token);
    }

    private Views.Session issue(SessionRecord session, String username, String refresh) {
        long ttl = config.accessTokenTtlSeconds();
        Instant exp = Instant.now().plusSeconds(ttl);
        if (exp.isAfter(session.expiresAt)) {
            exp = session.expiresAt;
        }
        String access = jwt.sign(session.userId, username, session.id, exp);
        return new Views.Session(access, "Bearer", Duration.between(Instant.now(), exp).toSeconds(), refresh, username);
    }

    static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message).withHeader("WWW-Authenticate", "Bearer realm=\"csghub\"");
    }

    static Set<Scope> scopes(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new ApiException(400, "invalid_field", "scopes is required: any of read, write, admin, inference",
                    Map.of("field", "scopes"));
        }
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            try {
                scopes.add(Scope.parse(name));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_field", e.getMessage(), Map.of("field", "scopes"));
            }
        }
        return scopes;
    }

    private static Set<Scope> parse(String stored) {
        return Arrays.stream(stored.split(",")).filter(s -> !s.isBlank()).map(Scope::parse)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
    }

    private static Views.Token view(TokenRecord t, String owner) {
        return new Views.Token(t.id, t.name, t.description, t.tokenPrefix,
                parse(t.scopes).stream().map(Scope::wireName).toList(), owner, t.createdAt, t.expiresAt,
                t.lastUsedAt, t.revokedAt);
    }
}
