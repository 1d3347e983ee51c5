package org.csghub.idp.casdoor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Casdoor application users can sign in with: a factory configuration of PID {@code org.csghub.idp.casdoor},
 * e.g. {@code conf/org.csghub.idp.casdoor~casdoor.cfg}.
 */
@ObjectClassDefinition(name = "CSGHub Casdoor login", description = "One Casdoor application users can sign in with")
public @interface CasdoorConfig {

    @AttributeDefinition(description = "Stable id used in login URLs: lower case letters, digits and '-'")
    String id() default "casdoor";

    @AttributeDefinition(description = "What the login page shows")
    String displayName() default "Sign in with Casdoor";

    @AttributeDefinition(description = "Casdoor's base URL, e.g. https://door.example.org")
    String endpoint();

    @AttributeDefinition(description = "The Casdoor application's client id")
    String clientId();

    /** A leading dot keeps DS from copying the secret into the service's properties (see idp.oidc). */
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The application's client secret (key .clientSecret)")
    String _clientSecret() default "";

    @AttributeDefinition(description = "The application's certificate (PEM) that Casdoor signs tokens with")
    String certificate();

    @AttributeDefinition(description = "The Casdoor organization the users belong to")
    String organizationName();

    @AttributeDefinition(description = "The Casdoor application's name")
    String applicationName();

    @AttributeDefinition(required = false, description = "Group to organization role rules: group=organization:role; "
            + "a group is matched by its Casdoor id (<organization>/<group>) or by its bare name")
    String[] groupMapping() default {};
}
