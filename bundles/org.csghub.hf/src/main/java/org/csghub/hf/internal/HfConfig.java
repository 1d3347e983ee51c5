package org.csghub.hf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.hf} (conf/org.csghub.hf.cfg). */
@ObjectClassDefinition(name = "CSGHub HuggingFace-compatible API")
public @interface HfConfig {

    String PID = "org.csghub.hf";

    @AttributeDefinition(description = "The hub's public base URL (https://hub.example.com); URLs the API returns "
            + "start with it plus /hf. Empty: taken from the request (Host header).")
    String externalUrl() default "";

    @AttributeDefinition(description = "Largest page a listing returns")
    int maxLimit() default 1000;

    @AttributeDefinition(description = "Largest NDJSON commit body (files inline, base64) in bytes; larger files go "
            + "through LFS")
    long maxCommitBytes() default 64L * 1024 * 1024;
}
