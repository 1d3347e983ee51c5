package org.csghub.repo.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.csghub.accounts.api.Subject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Collections: named, owned lists of repositories across types, public or private. */
@Component(service = CollectionResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/collections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "collections")
public class CollectionResource {

    private final Collections collections;

    @Activate
    public CollectionResource(@Reference Collections collections) {
        this.collections = collections;
    }

    @GET
    @Operation(summary = "Collections you may see, optionally of one namespace, newest first")
    public RepoViews.Page<RepoViews.CollectionView> list(@QueryParam("namespace") String namespace,
                                                        @QueryParam("page") @DefaultValue("1") int page,
                                                        @QueryParam("per_page") @DefaultValue("20") int perPage,
                                                        @Context SecurityContext security) {
        return collections.list(Subject.of(security), namespace, page, perPage);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a collection in your namespace or an organization you may write to")
    public Response create(RepoViews.CreateCollection body, @Context SecurityContext security) {
        return Response.status(201).entity(collections.create(Subject.of(security), body)).build();
    }

    @GET
    @Path("{namespace}/{name}")
    @Operation(summary = "A collection with the items you may see")
    public RepoViews.CollectionView get(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                        @Context SecurityContext security) {
        return collections.get(Subject.of(security), namespace, name);
    }

    @PATCH
    @Path("{namespace}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change title, description or visibility")
    public RepoViews.CollectionView update(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                           RepoViews.UpdateCollection body, @Context SecurityContext security) {
        return collections.update(Subject.of(security), namespace, name, body);
    }

    @DELETE
    @Path("{namespace}/{name}")
    @Operation(summary = "Delete a collection (the repositories stay)")
    public Response delete(@PathParam("namespace") String namespace, @PathParam("name") String name,
                           @Context SecurityContext security) {
        collections.delete(Subject.of(security), namespace, name);
        return Response.noContent().build();
    }

    @POST
    @Path("{namespace}/{name}/items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a repository you may read ({type, path: namespace/name, note})")
    public RepoViews.CollectionView add(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                        RepoViews.AddItem body, @Context SecurityContext security) {
        return collections.add(Subject.of(security), namespace, name, body);
    }

    @DELETE
    @Path("{namespace}/{name}/items/{type}/{repoNamespace}/{repoName}")
    @Operation(summary = "Remove a repository from the collection")
    public RepoViews.CollectionView remove(@PathParam("namespace") String namespace, @PathParam("name") String name,
                                           @PathParam("type") String type,
                                           @PathParam("repoNamespace") String repoNamespace,
                                           @PathParam("repoName") String repoName,
                                           @Context SecurityContext security) {
        return collections.remove(Subject.of(security), namespace, name, type, repoNamespace, repoName);
    }
}
