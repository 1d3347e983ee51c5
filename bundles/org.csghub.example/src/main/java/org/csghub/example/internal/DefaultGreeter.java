package org.csghub.example.internal;

import org.csghub.example.Greeter;
import org.csghub.example.Greeting;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The plugin's service: registered as a {@link Greeter}, configured through PID {@code org.csghub.example}
 * (drop an {@code org.csghub.example.cfg} into conf/ to change the salutation live).
 */
@Component(configurationPid = DefaultGreeter.PID)
@Designate(ocd = DefaultGreeter.Config.class)
public class DefaultGreeter implements Greeter {

    static final String PID = "org.csghub.example";

    @ObjectClassDefinition(name = "CSGHub example greeter")
    public @interface Config {
        @AttributeDefinition(description = "The word a greeting starts with")
        String salutation() default "Hello";
    }

    private volatile String salutation;

    @Activate
    public DefaultGreeter(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        salutation = config.salutation();
    }

    @Override
    public Greeting greet(String name) {
        return new Greeting(name, salutation + ", " + name + "!");
    }
}
