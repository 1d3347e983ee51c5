package org.csghub.accounts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.accounts}; every setting has a {@code CSGHUB_*} counterpart (docs/configuration.md). */
@ObjectClassDefinition(name = "CSGHub accounts", description = "Sessions, tokens, caches, rate limits, the first admin")
public @interface AccountsConfig {

    String PID = "org.csghub.accounts";

    @AttributeDefinition(description = "Lifetime of a session's access JWT, in seconds")
    int accessTokenTtlSeconds() default 900;

    @AttributeDefinition(description = "Lifetime of a session's refresh token, in days")
    int refreshTokenTtlDays() default 30;

    @AttributeDefinition(description = "How long token, session and role lookups are cached, in seconds: the bound"
            + " within which a revocation or a role change reaches every replica")
    int cacheSeconds() default 5;

    @AttributeDefinition(description = "Requests per bucket and refill per second, as capacity/refill, for"
            + " anonymous callers (per client IP)")
    String rateAnonymous() default "120/2";

    @AttributeDefinition(description = "capacity/refill for users' sessions and tokens (per session or token)")
    String rateUser() default "1200/20";

    @AttributeDefinition(description = "capacity/refill for site admins")
    String rateAdmin() default "12000/200";

    @AttributeDefinition(description = "capacity/refill for organization API keys")
    String rateOrganization() default "1200/20";

    @AttributeDefinition(description = "Whether REST requests are rate limited at all")
    boolean rateLimitEnabled() default true;

    @AttributeDefinition(description = "Addresses of reverse proxies whose X-Forwarded-For is believed")
    String[] trustedProxies() default {};

    @AttributeDefinition(description = "Username of the first admin, created when no admin exists")
    String adminUsername() default "root";

    @AttributeDefinition(description = "E-mail of the first admin")
    String adminEmail() default "admin@localhost";

    /** The break-glass operator token ({@code .adminToken}, from CSGHUB_ADMIN_TOKEN); empty: none. */
    @AttributeDefinition(description = "Bearer token that acts as site admin without a user (plugin admin API)")
    String _adminToken() default "";

    /** The first admin's password ({@code .adminPassword}, kept out of service properties); empty: generated once. */
    @AttributeDefinition(description = "Password of the first admin; empty generates one and prints it once")
    String _adminPassword() default "";
}
