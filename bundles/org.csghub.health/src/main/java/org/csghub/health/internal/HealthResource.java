package org.csghub.health.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.csghub.health.HealthCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code GET /api/v1/health}: readiness, 200 while every check is UP or DEGRADED, 503 otherwise, with each
 * check's state in the body. {@code /live} answers 200 whenever the server serves at all; {@code /ready} is
 * the readiness answer on its own path for orchestrators that probe both.
 */
@Component(service = HealthResource.class, configurationPid = "org.csghub.health")
@Designate(ocd = HealthResource.Config.class)
@JakartarsResource
@JSONRequired
@Path("api/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @ObjectClassDefinition(name = "CSGHub health")
    public @interface Config {
        @AttributeDefinition(description = "How long all checks together may take, in milliseconds")
        long deadlineMillis() default 2000;
    }

    private final Map<HealthCheck, String> checks = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final HealthAggregator aggregator;

    @Activate
    public HealthResource(Config config) {
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "csghub-health");
            t.setDaemon(true);
            return t;
        });
        this.aggregator = new HealthAggregator(executor, config.deadlineMillis());
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check, Map<String, Object> properties) {
        Object name = properties.get(HealthCheck.NAME);
        checks.put(check, name != null ? name.toString() : check.getClass().getSimpleName());
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    @GET
    public Response health() {
        HealthAggregator.Report report = report();
        return Response.status(report.ready() ? 200 : 503).entity(report).build();
    }

    @GET
    @Path("ready")
    public Response ready() {
        return health();
    }

    @GET
    @Path("live")
    public Map<String, Object> live() {
        return Map.of("status", "UP", "live", true);
    }

    HealthAggregator.Report report() {
        List<HealthAggregator.Named> named = checks.entrySet().stream()
                .map(e -> new HealthAggregator.Named(e.getValue(), e.getKey())).toList();
        return aggregator.run(named);
    }
}
