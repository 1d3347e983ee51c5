package org.csghub.accounts.internal;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.csghub.accounts.api.RateLimiter;
import org.csghub.accounts.api.Subject;
import org.csghub.rest.ApiException;
import org.csghub.rest.RequestIds;
import org.slf4j.MDC;

/**
 * Who is calling (from the {@code Authorization} header) and whether they still may (their rate limit): every
 * request gets a {@link Subject} as its security context's principal, or a 401 / 429 in the uniform error body.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
class AuthFilter implements ContainerRequestFilter {

    private final DefaultAuthenticator authenticator;
    private final DbRateLimiter limiter;
    private final ClientAddresses addresses;
    private final AuthMetrics metrics;

    @Context
    private HttpServletRequest servletRequest;

    AuthFilter(DefaultAuthenticator authenticator, DbRateLimiter limiter, ClientAddresses addresses,
               AuthMetrics metrics) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.addresses = addresses;
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String ip = addresses.clientIp(servletRequest == null ? null : servletRequest.getRemoteAddr(),
                request.getHeaderString("X-Forwarded-For"));
        String requestId = MDC.get(RequestIds.MDC_KEY);
        Subject anonymous = Subject.anonymous(ip, requestId);
        request.setProperty(Subject.REQUEST_PROPERTY, anonymous);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        long start = System.nanoTime();
        Subject subject;
        try {
            subject = authenticator.authenticate(authorization, ip, requestId);
        } finally {
            if (authorization != null) {
                metrics.authenticated(start);
            }
        }
        request.setProperty(Subject.REQUEST_PROPERTY, subject);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new HubSecurityContext(subject, secure));
        if (limiter.enabled() && !exempt(request.getUriInfo().getPath())) {
            RateLimiter.Plan plan = limiter.planFor(subject);
            RateLimiter.Decision decision = limiter.tryAcquire(bucketKey(subject), plan);
            if (!decision.allowed()) {
                throw new ApiException(429, "rate_limited", "Too many requests; retry after "
                        + decision.retryAfterSeconds() + " s", java.util.Map.of("plan", plan.name()))
                        .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
            }
        }
    }

    /** One bucket per token, per login session's user, or per client address for anonymous callers. */
    static String bucketKey(Subject subject) {
        if (subject.tokenId() != null) {
            return "token:" + subject.tokenId();
        }
        return subject.isUser() ? "user:" + subject.userId() : "ip:" + subject.clientIp();
    }

    /** Probes from orchestrators must never be throttled. */
    private static boolean exempt(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.startsWith("api/v1/health");
    }

    private record HubSecurityContext(Subject subject, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return subject;
        }

        @Override
        public boolean isUserInRole(String role) {
            return "admin".equals(role) && subject.siteAdmin() && subject.hasScope(org.csghub.accounts.api.Scope.ADMIN);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return subject.isAnonymous() ? null : "Bearer";
        }
    }
}
