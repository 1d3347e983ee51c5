package org.csghub.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CSGHub REST", description = "Limits applied to every REST request")
public @interface RestConfig {

    String PID = "org.csghub.rest";

    @AttributeDefinition(description = "Largest request body accepted by JSON resources, in bytes; larger bodies get 413")
    long maxBodyBytes() default 10L * 1024 * 1024;
}
