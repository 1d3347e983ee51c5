package org.csghub.accounts.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.ResourceResolver;
import org.csghub.accounts.api.Subject;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * Per-resource collaborators: {@code /api/v1/collaborators/{kind}/{namespace}/{name}}. The resource must exist
 * (its owning bundle's {@link ResourceResolver} says so); listing needs read access, changes need admin.
 */
@Component(service = CollaboratorResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect(AccountsFeature.SELECT)
@Path("api/v1/collaborators/{kind}/{namespace}/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "collaborators")
public class CollaboratorResource {

    private final AccountStore accounts;
    private final Permissions permissions;
    private final AccessCache cache;
    private final Map<String, ResourceResolver> resolvers = new ConcurrentHashMap<>();

    @Activate
    public CollaboratorResource(@Reference AccountStore accounts, @Reference Permissions permissions,
                                @Reference AccessCache cache) {
        this.accounts = accounts;
        this.permissions = permissions;
        this.cache = cache;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addResolver(ResourceResolver resolver, Map<String, Object> properties) {
        Object kind = properties.get(ResourceResolver.KIND);
        if (kind != null) {
            resolvers.put(kind.toString(), resolver);
        }
    }

    void removeResolver(ResourceResolver resolver, Map<String, Object> properties) {
        Object kind = properties.get(ResourceResolver.KIND);
        if (kind != null) {
            resolvers.remove(kind.toString(), resolver);
        }
    }

    @GET
    @Operation(summary = "The resource's collaborators (needs read access)")
    public List<Views.Collaborator> list(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                                         @PathParam("name") String name, @Context SecurityContext security) {
        ResourceRef resource = resource(kind, namespace, name);
        permissions.require(Subject.of(security), Action.READ, resource);
        return accounts.collaborators(resource.key());
    }

    @PUT
    @Path("{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a collaborator or change their role: {\"role\": \"read|write|admin\"} (needs admin)")
    public Views.Collaborator put(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                                  @PathParam("name") String name, @PathParam("username") String username,
                                  Requests.Grant body, @Context SecurityContext security) {
        ResourceRef resource = resource(kind, namespace, name);
        permissions.require(Subject.of(security), Action.ADMIN, resource);
        Views.Collaborator collaborator = accounts.putCollaborator(resource.key(), username, Requests.role(body));
        cache.forgetRoles();
        return collaborator;
    }

    @DELETE
    @Path("{username}")
    @Operation(summary = "Remove a collaborator (needs admin)")
    public Response remove(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                           @PathParam("name") String name, @PathParam("username") String username,
                           @Context SecurityContext security) {
        ResourceRef resource = resource(kind, namespace, name);
        permissions.require(Subject.of(security), Action.ADMIN, resource);
        accounts.removeCollaborator(resource.key(), username);
        cache.forgetRoles();
        return Response.noContent().build();
    }

    private ResourceRef resource(String kind, String namespace, String name) {
        ResourceResolver resolver = resolvers.get(kind);
        if (resolver == null) {
            throw new ApiException(404, "not_found", "No resources of kind " + kind + " exist on this hub");
        }
        return resolver.find(namespace, name)
                .orElseThrow(() -> ApiException.notFound(kind + " " + namespace + "/" + name + " not found"));
    }
}
