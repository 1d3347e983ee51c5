package org.csghub.example;

import org.osgi.annotation.versioning.ProviderType;

/** Makes greetings. The example plugin provides it; anyone may call it. */
@ProviderType
public interface Greeter {

    /** @param name who to greet; already validated by the caller */
    Greeting greet(String name);
}
