package org.csghub.idp.oidc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One OpenID Connect provider: a factory configuration of PID {@code org.csghub.idp.oidc}, e.g.
 * {@code conf/org.csghub.idp.oidc~keycloak.cfg}.
 */
@ObjectClassDefinition(name = "CSGHub OpenID Connect login",
        description = "One OpenID Connect provider users can sign in with")
public @interface OidcConfig {

    @AttributeDefinition(description = "Stable id used in login URLs: lower case letters, digits and '-'")
    String id();

    @AttributeDefinition(description = "What the login page shows, e.g. 'Sign in with Keycloak'")
    String displayName() default "";

    @AttributeDefinition(description = "Issuer URL; discovery reads <issuer>/.well-known/openid-configuration")
    String issuer();

    @AttributeDefinition(description = "Client id registered at the provider")
    String clientId();

    /**
     * Configured as {@code .clientSecret}: a leading dot keeps DS from copying the secret into the service's
     * properties, where anyone who can list services (the Gogo shell) would read it. Empty for a public client.
     */
    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "Client secret (configuration key .clientSecret); empty for a public client")
    String _clientSecret() default "";

    @AttributeDefinition(description = "Scopes to request; openid is always added")
    String[] scopes() default {"openid", "profile", "email"};

    @AttributeDefinition(description = "Claim holding the username; falls back to the e-mail's local part, then sub")
    String usernameClaim() default "preferred_username";

    @AttributeDefinition(description = "Claim holding the person's groups (a list of names)")
    String groupsClaim() default "groups";

    @AttributeDefinition(required = false,
            description = "Group to organization role rules: group=organization:role (read, write or admin)")
    String[] groupMapping() default {};

    @AttributeDefinition(description = "Also read claims from the userinfo endpoint (one more request per login)")
    boolean userInfo() default false;

    @AttributeDefinition(description = "Timeout in milliseconds for each request to the provider")
    int timeoutMillis() default 10_000;

    @AttributeDefinition(description = "How long discovery (and the endpoints it lists) is cached, in seconds")
    int discoveryCacheSeconds() default 3600;
}
