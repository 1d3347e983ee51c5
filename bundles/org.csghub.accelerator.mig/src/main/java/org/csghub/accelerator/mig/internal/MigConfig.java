package org.csghub.accelerator.mig.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.accelerator.mig} (conf/org.csghub.accelerator.mig.cfg); optional. */
@ObjectClassDefinition(name = "CSGHub accelerator: NVIDIA MIG")
public @interface MigConfig {

    String PID = "org.csghub.accelerator.mig";

    @AttributeDefinition(description = "The MIG profiles requests may name, <slices>g.<memory>gb; add a new GPU's "
            + "profiles here")
    String[] profiles() default {
        // A100 40GB
        "1g.5gb", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb",
        // A100 80GB, H100 80GB, H800
        "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb",
        // A30
        "1g.6gb", "2g.12gb", "4g.24gb",
        // H100 94GB (NVL), H20
        "1g.12gb", "1g.24gb", "2g.24gb", "3g.47gb", "4g.47gb", "7g.94gb",
        "3g.48gb", "4g.48gb", "7g.96gb",
        // H200 141GB
        "1g.18gb", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb"
    };
}
