package org.csghub.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One thing whose health the hub reports: the database, the object store, the plugins. Register it as a
 * service with the {@value #NAME} property. {@link #check()} must be quick and must not throw; the
 * aggregator gives each check a deadline and reports a check that overruns or throws as DOWN.
 */
@ConsumerType
public interface HealthCheck {

    /** Service property: the name the check is reported under, e.g. {@code database}. */
    String NAME = "health.name";

    HealthStatus check();
}
