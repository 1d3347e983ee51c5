package org.csghub.inference.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Subject;
import org.csghub.repo.api.Repo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A model's inference endpoints: {@code POST /api/v1/models/{ns}/{name}/run} deploys it, {@code GET} lists its
 * endpoints the caller may see, {@code .../run/{id}} reads, changes ({@code PUT}) and deletes one,
 * {@code .../stop} and {@code .../start} stop and start it, {@code .../events} tells its history and
 * {@code .../logs} its engine's output (JSON, or followed as server-sent events). {@code .../run/engines} says
 * which installed engines serve the model.
 */
@Component(service = EndpointResource.class)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/models/{namespace}/{name}/run")
@Produces(MediaType.APPLICATION_JSON)
public class EndpointResource {

    private final Endpoints endpoints;
    private final EndpointController controller;
    private final EndpointLogs logs;

    @Activate
    public EndpointResource(@Reference Endpoints endpoints, @Reference EndpointController controller,
                            @Reference EndpointLogs logs) {
        this.endpoints = endpoints;
        this.controller = controller;
        this.logs = logs;
    }

    @GET
    public List<EndpointView> list(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                   @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        return endpoints.list(endpoints.model(namespace, name, subject), subject);
    }

    @GET
    @Path("engines")
    public Map<String, Object> engines(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                       @QueryParam("revision") String revision, @Context SecurityContext security) {
        return endpoints.engines(endpoints.model(namespace, name, Subject.of(security)), revision);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("namespace") String namespace, @PathParam("name") String name,
                           Endpoints.EndpointRequest body, @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        EndpointView created = endpoints.create(endpoints.model(namespace, name, subject), body, subject);
        controller.poke(created.id());
        return Response.status(201).entity(created).build();
    }

    @GET
    @Path("{id: \\d+}")
    public EndpointView get(@PathParam("namespace") String namespace, @PathParam("name") String name,
                            @PathParam("id") long id, @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        return endpoints.view(endpoints.require(endpoints.model(namespace, name, subject), id, subject, Action.READ));
    }

    @PUT
    @Path("{id: \\d+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public EndpointView update(@PathParam("namespace") String namespace, @PathParam("name") String name,
                               @PathParam("id") long id, Endpoints.EndpointRequest body,
                               @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        EndpointView changed = endpoints.update(endpoints.model(namespace, name, subject), id, body, subject);
        controller.poke(id);
        return changed;
    }

    @PUT
    @Path("{id: \\d+}/stop")
    public EndpointView stop(@PathParam("namespace") String namespace, @PathParam("name") String name,
                             @PathParam("id") long id, @Context SecurityContext security) {
        return changed(namespace, name, id, security, endpoints::stop);
    }

    @PUT
    @Path("{id: \\d+}/start")
    public EndpointView start(@PathParam("namespace") String namespace, @PathParam("name") String name,
                              @PathParam("id") long id, @Context SecurityContext security) {
        return changed(namespace, name, id, security, endpoints::start);
    }

    @PUT
    @Path("{id: \\d+}/wakeup")
    public EndpointView wakeup(@PathParam("namespace") String namespace, @PathParam("name") String name,
                               @PathParam("id") long id, @Context SecurityContext security) {
        return changed(namespace, name, id, security, endpoints::wakeup);
    }

    /** One of the state changes (stop, start, wakeup): recorded, then reconciled at once. */
    private EndpointView changed(String namespace, String name, long id, SecurityContext security, Change change) {
        Subject subject = Subject.of(security);
        EndpointView changed = change.apply(endpoints.model(namespace, name, subject), id, subject);
        controller.poke(id);
        return changed;
    }

    @FunctionalInterface
    private interface Change {
        EndpointView apply(Repo repo, long id, Subject subject);
    }

    @DELETE
    @Path("{id: \\d+}")
    public Response delete(@PathParam("namespace") String namespace, @PathParam("name") String name,
                           @PathParam("id") long id, @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        endpoints.delete(endpoints.model(namespace, name, subject), id, subject);
        controller.poke(id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id: \\d+}/events")
    public List<EndpointEventRecord.Event> events(@PathParam("namespace") String namespace,
                                                  @PathParam("name") String name, @PathParam("id") long id,
                                                  @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        endpoints.require(endpoints.model(namespace, name, subject), id, subject, Action.READ);
        return endpoints.events(id);
    }

    /** The engine's latest output lines (at most 1000); the default when the client names no media type. */
    @GET
    @Path("{id: \\d+}/logs")
    @Produces("application/json;qs=1")
    public Map<String, Object> logs(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                    @PathParam("id") long id, @QueryParam("lines") Integer lines,
                                    @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        EndpointRecord e = endpoints.require(endpoints.model(namespace, name, subject), id, subject, Action.WRITE);
        return Map.of("lines", logs.tail(e, lines == null ? 100 : lines));
    }

    /**
     * The engine's output followed as server-sent events ({@code Accept: text/event-stream}): one {@code data:} line
     * per log line.
     */
    @GET
    @Path("{id: \\d+}/logs")
    @Produces("text/event-stream;qs=0.5")
    public StreamingOutput follow(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                  @PathParam("id") long id, @QueryParam("lines") Integer lines,
                                  @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        EndpointRecord e = endpoints.require(endpoints.model(namespace, name, subject), id, subject, Action.WRITE);
        return out -> logs.follow(e, lines == null ? 100 : lines, out);
    }
}
