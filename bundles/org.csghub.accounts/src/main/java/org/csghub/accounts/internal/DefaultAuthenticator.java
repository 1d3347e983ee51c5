package org.csghub.accounts.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Authenticator;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Bearer (access token, organization key or session JWT) and Basic (a token as the password, any username:
 * what git and git-lfs send). Every refusal is a 401 that says why: unknown, expired, revoked, disabled.
 */
@Component(service = {Authenticator.class, DefaultAuthenticator.class}, configurationPid = AccountsConfig.PID)
public class DefaultAuthenticator implements Authenticator {

    private final TokenService tokens;
    private final AccountStore accounts;
    private final AccessCache cache;
    private volatile byte[] operatorToken;

    @Activate
    public DefaultAuthenticator(@Reference TokenService tokens, @Reference AccountStore accounts,
                                @Reference AccessCache cache, AccountsConfig config) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.cache = cache;
        modified(config);
    }

    @Modified
    void modified(AccountsConfig config) {
        String token = config._adminToken();
        operatorToken = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Subject authenticate(String authorization, String clientIp, String requestId) {
        if (authorization == null || authorization.isBlank()) {
            return Subject.anonymous(clientIp, requestId);
        }
        AccessCache.Resolved resolved = cache.credential(authorization, this::resolve);
        Subject known = resolved.subject();
        if (known.tokenId() != null) {
            tokens.touch(known.tokenId());
        }
        return new Subject(known.userId(), known.username(), known.organization(), known.siteAdmin(), known.scopes(),
                known.tokenId(), clientIp, requestId);
    }

    /** What a credential stands for, without the request's address and id (those are not cached). */
    private AccessCache.Resolved resolve(String authorization) {
        String header = authorization.trim();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        if ("Bearer".equalsIgnoreCase(scheme)) {
            return bearer(value);
        }
        if ("Basic".equalsIgnoreCase(scheme)) {
            return bearer(basicPassword(value));
        }
        throw denied("unsupported_authorization", "Use Authorization: Bearer <token> or Basic with a token as password");
    }

    /** What HF clients put before a hub token ({@code hf_csg_...}); see {@link #bearer}. */
    static final String HF_PREFIX = "hf_";

    private AccessCache.Resolved bearer(String secret) {
        if (secret.isEmpty()) {
            throw denied("invalid_token", "The token is empty");
        }
        byte[] operator = operatorToken;
        if (operator != null && MessageDigest.isEqual(operator, secret.getBytes(StandardCharsets.UTF_8))) {
            return new AccessCache.Resolved(Subject.operator(null, null), null);
        }
        if (secret.startsWith(TokenService.TOKEN_PREFIX)) {
            return accessToken(secret);
        }
        // the HuggingFace clients refuse tokens that do not start with hf_: they may send hf_ + a hub token
        if (secret.startsWith(HF_PREFIX + TokenService.TOKEN_PREFIX)) {
            return accessToken(secret.substring(HF_PREFIX.length()));
        }
        if (SessionTokens.looksLikeJwt(secret)) {
            return session(secret);
        }
        throw denied("invalid_token", "The token is not one this hub issued");
    }

    private AccessCache.Resolved accessToken(String secret) {
        TokenService.TokenInfo token = tokens.lookup(secret)
                .orElseThrow(() -> denied("invalid_token", "Unknown token"));
        if (token.revokedAt() != null) {
            throw denied("token_revoked", "This token was revoked");
        }
        if (token.expiresAt() != null && token.expiresAt().isBefore(Instant.now())) {
            throw denied("token_expired", "This token expired at " + token.expiresAt());
        }
        if (token.orgId() != null) {
            String org = accounts.orgName(token.orgId())
                    .orElseThrow(() -> denied("token_revoked", "The organization of this key no longer exists"));
            return new AccessCache.Resolved(new Subject(0, null, org, false, token.scopes(), token.id(), null, null),
                    token.expiresAt());
        }
        AccountStore.UserFlags user = activeUser(token.userId());
        return new AccessCache.Resolved(new Subject(user.id(), user.username(), null, user.siteAdmin(), token.scopes(),
                token.id(), null, null), token.expiresAt());
    }

    private AccessCache.Resolved session(String jwt) {
        SessionTokens.Claims claims = tokens.verifyJwt(jwt);
        if (claims == null) {
            throw denied("invalid_token", "The session token is invalid or has expired; refresh or log in again");
        }
        TokenService.SessionInfo session = tokens.session(claims.sessionId())
                .orElseThrow(() -> denied("invalid_token", "Unknown session"));
        if (session.revokedAt() != null) {
            throw denied("session_revoked", "This session was logged out");
        }
        AccountStore.UserFlags user = activeUser(claims.userId());
        return new AccessCache.Resolved(new Subject(user.id(), user.username(), null, user.siteAdmin(), Scope.ALL, null,
                null, null), claims.expiresAt());
    }

    private AccountStore.UserFlags activeUser(long userId) {
        Optional<AccountStore.UserFlags> user = cache.user(userId, accounts::flags);
        return user.filter(AccountStore.UserFlags::active)
                .orElseThrow(() -> denied("account_disabled", "This account is disabled"));
    }

    /** The session id of a session JWT, for logout; {@code null} for anything else. */
    String sessionId(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        SessionTokens.Claims claims = tokens.verifyJwt(authorization.substring(7).trim());
        return claims == null ? null : claims.sessionId();
    }

    private static String basicPassword(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw denied("invalid_authorization", "The Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(colon + 1);
    }

    static ApiException denied(String code, String message) {
        return new AccessDeniedException(401, code, message).withHeader("WWW-Authenticate", "Bearer realm=\"csghub\"");
    }
}
