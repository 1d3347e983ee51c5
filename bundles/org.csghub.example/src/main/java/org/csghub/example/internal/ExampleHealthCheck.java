package org.csghub.example.internal;

import java.util.Map;
import org.csghub.example.Greeter;
import org.csghub.health.HealthCheck;
import org.csghub.health.HealthStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Shows up under "example" in GET /api/v1/health while the plugin is active: a plugin's own health. */
@Component(property = HealthCheck.NAME + "=example")
public class ExampleHealthCheck implements HealthCheck {

    private final Greeter greeter;

    @Activate
    public ExampleHealthCheck(@Reference Greeter greeter) {
        this.greeter = greeter;
    }

    @Override
    public HealthStatus check() {
        return HealthStatus.up(Map.of("sample", greeter.greet("health").message()));
    }
}
