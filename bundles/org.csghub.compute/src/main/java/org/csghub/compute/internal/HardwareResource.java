package org.csghub.compute.internal;

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
import java.util.List;
import java.util.Map;
import org.csghub.compute.api.HardwareSku;
import org.csghub.compute.api.OperationType;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Hardware resources (SKUs): signed-in users list what they may pick
 * ({@code GET /api/v1/resources?cluster=&type=deployment|finetune|evaluation}); site admins see all of them
 * ({@code all=true}) and create, change and delete them.
 */
@Component(service = HardwareResource.class)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/resources")
@Produces(MediaType.APPLICATION_JSON)
public class HardwareResource {

    private final DbResourceCatalog catalogue;

    @Activate
    public HardwareResource(@Reference DbResourceCatalog catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    public List<CatalogueViews.ResourceView> list(@QueryParam("cluster") String cluster,
                                                  @QueryParam("type") String type, @QueryParam("all") boolean all,
                                                  @Context SecurityContext security) {
        if (all) {
            CatalogueViews.admin(security);
            return catalogue.allResources().stream().map(this::view).toList();
        }
        CatalogueViews.signedIn(security);
        OperationType operation;
        try {
            operation = type == null || type.isBlank() ? null : OperationType.parse(type);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_query", e.getMessage(), Map.of("parameter", "type"));
        }
        return catalogue.resources(cluster, operation).stream().map(this::view).toList();
    }

    @GET
    @Path("{id}")
    public CatalogueViews.ResourceView get(@PathParam("id") long id, @Context SecurityContext security) {
        CatalogueViews.signedIn(security);
        return catalogue.resource(id).map(this::view).orElseThrow(() -> ApiException.notFound("No resource " + id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CatalogueViews.ResourceBody body, @Context SecurityContext security) {
        CatalogueViews.admin(security);
        return Response.status(201).entity(view(catalogue.createResource(CatalogueViews.required(body)))).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CatalogueViews.ResourceView update(@PathParam("id") long id, CatalogueViews.ResourceBody body,
                                              @Context SecurityContext security) {
        CatalogueViews.admin(security);
        return view(catalogue.updateResource(id, CatalogueViews.required(body)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        CatalogueViews.admin(security);
        catalogue.deleteResource(id);
        return Response.noContent().build();
    }

    private CatalogueViews.ResourceView view(HardwareSku sku) {
        return new CatalogueViews.ResourceView(sku.id(), sku.name(), sku.clusterId(), sku.cpu(), sku.memoryMiB(),
                sku.accelerator(), sku.pricePerHour(),
                sku.operations().stream().sorted().map(OperationType::wireName).toList(), sku.enabled(),
                catalogue.computeType(sku).orElse(null));
    }
}
