package org.csghub.compute.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.compute} (conf/org.csghub.compute.cfg). */
@ObjectClassDefinition(name = "CSGHub compute catalogue")
public @interface CatalogueConfig {

    String PID = "org.csghub.compute";

    @AttributeDefinition(description = "When the catalogue is empty, create this cluster on the local runtime with "
            + "one CPU resource for every operation type (Lite: local); empty: create nothing")
    String bootstrapCluster() default "";

    @AttributeDefinition(description = "Cores of the bootstrap CPU resource")
    double bootstrapCpu() default 2;

    @AttributeDefinition(description = "Memory of the bootstrap CPU resource, MiB")
    long bootstrapMemoryMiB() default 4096;
}
