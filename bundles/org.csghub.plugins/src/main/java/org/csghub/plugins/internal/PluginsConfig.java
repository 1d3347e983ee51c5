package org.csghub.plugins.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value #PID}. The admin token's key is {@code .adminToken}: Declarative Services keeps
 * properties starting with a dot private, so the token never becomes a service property anyone can list.
 */
@ObjectClassDefinition(name = "CSGHub plugins", description = "Hot-installed plugins and their admin API")
public @interface PluginsConfig {

    String PID = "org.csghub.plugins";

    /** Framework property read when the configuration has no token (set by CSGHUB_ADMIN_TOKEN). */
    String TOKEN_PROPERTY = "csghub.admin.token";

    /** Framework property naming the watched directory (the launcher creates it). */
    String DEPLOY_DIR_PROPERTY = "csghub.deploy.dir";

    @AttributeDefinition(name = "Admin token", type = AttributeType.PASSWORD, required = false,
            description = "Bearer token for /api/v1/admin/*; empty falls back to csghub.admin.token, "
                    + "and with neither the admin API is disabled")
    String _adminToken() default "";

    @AttributeDefinition(description = "Largest plugin jar accepted by POST /api/v1/admin/plugins, in bytes")
    long maxUploadBytes() default 200L * 1024 * 1024;

    @AttributeDefinition(required = false,
            description = "Watched directory; empty means the csghub.deploy.dir framework property, and with "
                    + "neither hot deploy from a directory is off")
    String deployDir() default "";

    @AttributeDefinition(description = "How long a jar in deploy/ must stay unchanged before it is installed, in ms")
    long settleMillis() default 50;
}
