package org.csghub.gateway.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.gateway} (conf/org.csghub.gateway.cfg). */
@ObjectClassDefinition(name = "CSGHub inference gateway")
public @interface GatewayConfig {

    String PID = "org.csghub.gateway";

    @AttributeDefinition(description = "Seconds to open a connection to an endpoint's engine; longer is a 504")
    int connectTimeoutSeconds() default 5;

    @AttributeDefinition(description = "Seconds until the engine answers with its status and headers (a "
            + "non-streamed completion answers when it is done); longer is a 504")
    int responseTimeoutSeconds() default 600;

    @AttributeDefinition(description = "Seconds an engine may stay silent within a response body; longer ends the "
            + "response with a timeout error")
    int idleTimeoutSeconds() default 120;

    @AttributeDefinition(description = "Largest request body accepted, in bytes; larger is a 413")
    int maxRequestBytes() default 4 * 1024 * 1024;

    @AttributeDefinition(description = "Largest non-streamed engine response relayed, in bytes")
    int maxResponseBytes() default 32 * 1024 * 1024;

    @AttributeDefinition(description = "Seconds a request to a sleeping (scaled-to-zero) endpoint waits for it to "
            + "wake up; longer is a 503 with Retry-After")
    int wakeTimeoutSeconds() default 180;

    @AttributeDefinition(description = "Completion tokens assumed for a request without max_tokens when its key has "
            + "a token budget or a TPM limit; such a request is sent to the engine with this max_tokens")
    int defaultMaxTokens() default 1024;
}
