package org.csghub.runtime.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.runtime.local} (conf/org.csghub.runtime.local.cfg). */
@ObjectClassDefinition(name = "CSGHub local compute runtime")
public @interface LocalRuntimeConfig {

    String PID = "org.csghub.runtime.local";

    @AttributeDefinition(description = "Data directory; workloads live in <dataDir>/workloads/<id>. The editions "
            + "set it from the launch settings (conf/org.csghub.runtime.local.cfg: dataDir=${csghub.data.dir})")
    String dataDir() default "csghub-data";

    @AttributeDefinition(description = "The java executable for {java}; empty: the one running the hub")
    String javaCommand() default "";

    @AttributeDefinition(description = "Path of the llama-server jar for {llama_server_jar}; empty: engines that "
            + "need it fail with EngineMissing")
    String llamaServerJar() default "";

    @AttributeDefinition(description = "Seconds an engine may take to become ready before it is killed")
    int healthTimeoutSeconds() default 120;

    @AttributeDefinition(description = "Restarts after a crash before the workload stays CRASHED (CrashLoop)")
    int maxRestarts() default 3;

    @AttributeDefinition(description = "First restart delay in milliseconds; doubles with every further restart")
    long backoffBaseMillis() default 1000;
}
