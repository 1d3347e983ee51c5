package org.csghub.persistence.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CSGHub persistence", description = "The database every table-owning bundle uses")
public @interface PersistenceConfig {

    String PID = "org.csghub.persistence";

    @AttributeDefinition(description = "JDBC URL: jdbc:postgresql://host:5432/db or jdbc:h2:file:/path/db;MODE=PostgreSQL")
    String url();

    @AttributeDefinition(description = "Database user")
    String user() default "";

    /** The leading dot (an underscore in the method name) keeps the password out of service properties. */
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Database password")
    String _password() default "";

    @AttributeDefinition(description = "Largest number of pooled connections")
    int maxPoolSize() default 10;

    @AttributeDefinition(description = "How long a transaction waits for the database to become ready, in ms")
    long startupWaitMillis() default 15000;
}
