package org.csghub.inference.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.inference} (conf/org.csghub.inference.cfg). */
@ObjectClassDefinition(name = "CSGHub inference endpoints")
public @interface InferenceConfig {

    String PID = "org.csghub.inference";

    @AttributeDefinition(description = "The hub's base URL as workloads reach it (they download the model from "
            + "<hubUrl>/hf); the editions set it from the HTTP port")
    String hubUrl() default "http://127.0.0.1:8080";

    @AttributeDefinition(description = "Milliseconds between two reconcile passes over all endpoints (runtime "
            + "events reconcile an endpoint at once)")
    long reconcileIntervalMillis() default 3000;

    @AttributeDefinition(description = "Seconds a server replica holds an endpoint's lease; another replica takes "
            + "over an endpoint whose leader stopped renewing it")
    int leaseSeconds() default 30;

    @AttributeDefinition(description = "Minutes the model-download token of an endpoint lives; it is renewed at "
            + "half its life")
    int downloadTokenMinutes() default 60;

    @AttributeDefinition(description = "A name for this server replica in leases; empty: host name and process id")
    String replicaName() default "";
}
