/**
 * Health as a whiteboard: any bundle registers a {@link org.csghub.health.HealthCheck} service and the
 * health endpoint aggregates whatever is registered, so the report grows and shrinks with the installed
 * plugins (the shape of Apache Felix Health Checks, reduced to what the hub needs).
 */
@Export
@Version("1.0.0")
package org.csghub.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
