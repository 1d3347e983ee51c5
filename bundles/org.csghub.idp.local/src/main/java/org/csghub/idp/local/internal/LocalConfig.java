package org.csghub.idp.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.idp.local}. The Argon2id defaults follow OWASP's minimum (19 MiB, 2 passes, 1 lane). */
@ObjectClassDefinition(name = "CSGHub local password login")
public @interface LocalConfig {

    String PID = "org.csghub.idp.local";

    @AttributeDefinition(description = "Shortest password accepted")
    int minPasswordLength() default 8;

    @AttributeDefinition(description = "Failed logins in a row after which the account is locked")
    int lockAfterFailures() default 5;

    @AttributeDefinition(description = "How long a locked account stays locked, in seconds")
    int lockSeconds() default 900;

    @AttributeDefinition(description = "Longest extra delay before answering a failed login, in milliseconds")
    int maxFailureDelayMillis() default 2000;

    @AttributeDefinition(description = "Argon2id memory, in KiB")
    int argon2MemoryKiB() default 19456;

    @AttributeDefinition(description = "Argon2id passes")
    int argon2Iterations() default 2;
}
