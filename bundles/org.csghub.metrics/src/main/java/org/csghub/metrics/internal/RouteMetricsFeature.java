package org.csghub.metrics.internal;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Times every REST request. A whiteboard {@link Feature} (like the JSON extension) so each rebuild of the
 * Jersey application gets its own listener; the meters live in the shared registry and survive rebuilds.
 */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName("csghub.metrics")
public class RouteMetricsFeature implements Feature {

    private final Metrics metrics;

    @Activate
    public RouteMetricsFeature(@Reference Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new RouteTimer(metrics.registry()));
        return true;
    }
}
