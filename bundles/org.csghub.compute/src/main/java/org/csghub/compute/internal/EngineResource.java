package org.csghub.compute.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.InferenceEngine;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /api/v1/engines}: the inference engines registered right now, sorted by name; an engine bundle
 * installed or removed at runtime appears or disappears on the next request. {@code GET /api/v1/engines/{name}}:
 * one of them, or 404.
 */
@Component(service = EngineResource.class)
@JakartarsResource
@JSONRequired
@Path("api/v1/engines")
@Produces(MediaType.APPLICATION_JSON)
public class EngineResource {

    // the descriptor is taken once at bind time: engines are data and do not change while registered
    private final Map<InferenceEngine, EngineDescriptor> engines = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEngine(InferenceEngine engine) {
        engines.put(engine, engine.descriptor());
    }

    void removeEngine(InferenceEngine engine) {
        engines.remove(engine);
    }

    @GET
    public List<EngineView> list() {
        return engines.values().stream().sorted(Comparator.comparing(EngineDescriptor::name))
                .map(EngineView::of).toList();
    }

    @GET
    @Path("{name}")
    public EngineView get(@PathParam("name") String name) {
        return engines.values().stream().filter(d -> d.name().equals(name)).findFirst().map(EngineView::of)
                .orElseThrow(() -> ApiException.notFound("No engine " + name));
    }
}
