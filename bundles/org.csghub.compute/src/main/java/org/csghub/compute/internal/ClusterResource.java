package org.csghub.compute.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.csghub.compute.api.Cluster;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Clusters: signed-in users list them ({@code GET /api/v1/clusters[/{id}]}); site admins create, change and
 * delete them.
 */
@Component(service = ClusterResource.class)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    private final DbResourceCatalog catalogue;

    @Activate
    public ClusterResource(@Reference DbResourceCatalog catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    public List<Cluster> clusters(@Context SecurityContext security) {
        CatalogueViews.signedIn(security);
        return catalogue.clusters();
    }

    @GET
    @Path("{id}")
    public Cluster cluster(@PathParam("id") String id, @Context SecurityContext security) {
        CatalogueViews.signedIn(security);
        return catalogue.cluster(id).orElseThrow(() -> ApiException.notFound("No cluster " + id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CatalogueViews.ClusterBody body, @Context SecurityContext security) {
        CatalogueViews.admin(security);
        CatalogueViews.ClusterBody b = CatalogueViews.required(body);
        return Response.status(201).entity(catalogue.putCluster(b.id(), b, true)).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Cluster update(@PathParam("id") String id, CatalogueViews.ClusterBody body,
                          @Context SecurityContext security) {
        CatalogueViews.admin(security);
        return catalogue.putCluster(id, CatalogueViews.required(body), false);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        CatalogueViews.admin(security);
        catalogue.deleteCluster(id);
        return Response.noContent().build();
    }
}
