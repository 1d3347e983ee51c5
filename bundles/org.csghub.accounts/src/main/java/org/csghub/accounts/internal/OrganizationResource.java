package org.csghub.accounts.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Role;
import org.csghub.accounts.api.Subject;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Organizations, their members and their API keys. Profiles and member lists are public, as on CSGHub. */
@Component(service = OrganizationResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect(AccountsFeature.SELECT)
@Path("api/v1/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "organizations")
public class OrganizationResource {

    private final AccountStore accounts;
    private final Permissions permissions;
    private final TokenService tokens;
    private final AccessCache cache;

    @Activate
    public OrganizationResource(@Reference AccountStore accounts, @Reference Permissions permissions,
                                @Reference TokenService tokens, @Reference AccessCache cache) {
        this.accounts = accounts;
        this.permissions = permissions;
        this.tokens = tokens;
        this.cache = cache;
    }

    @GET
    @Operation(summary = "Organizations, searched by name, paged")
    public Page<Views.Organization> list(@QueryParam("search") String search,
                                         @QueryParam("page") @DefaultValue("1") int page,
                                         @QueryParam("per_page") @DefaultValue("50") int perPage) {
        return accounts.listOrgs(search, page, perPage);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an organization; the creator becomes its admin")
    public Response create(Requests.CreateOrganization body, @Context SecurityContext security) {
        Subject s = Guard.user(Subject.of(security), Action.WRITE);
        Requests.CreateOrganization req = Requests.required(body);
        Views.Organization org = accounts.createOrg(req.name(), req.displayName(), req.description(), s.userId());
        cache.forgetRoles();
        return Response.status(201).entity(org).build();
    }

    @GET
    @Path("{name}")
    public Views.Organization get(@PathParam("name") String name) {
        return accounts.requireOrg(name);
    }

    @PATCH
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an organization's display name or description (org admins)")
    public Views.Organization update(@PathParam("name") String name, Requests.UpdateOrganization body,
                                     @Context SecurityContext security) {
        requireAdmin(Subject.of(security), name);
        Requests.UpdateOrganization req = Requests.required(body);
        return accounts.updateOrg(name, req.displayName(), req.description());
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete an organization (org admins): members leave, its keys are revoked")
    public Response delete(@PathParam("name") String name, @Context SecurityContext security) {
        requireAdmin(Subject.of(security), name);
        accounts.deleteOrg(name);
        cache.forgetRoles();
        cache.forgetCredentials();
        return Response.noContent().build();
    }

    @GET
    @Path("{name}/members")
    public List<Views.Member> members(@PathParam("name") String name) {
        return accounts.members(name);
    }

    @PUT
    @Path("{name}/members/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a member or change their role: {\"role\": \"read|write|admin\"} (org admins)")
    public Views.Member putMember(@PathParam("name") String name, @PathParam("username") String username,
                                 Requests.Grant body, @Context SecurityContext security) {
        requireAdmin(Subject.of(security), name);
        Views.Member member = accounts.putMember(name, username, Requests.role(body), false);
        cache.forgetRoles();
        return member;
    }

    @DELETE
    @Path("{name}/members/{username}")
    @Operation(summary = "Remove a member (org admins, or members leaving)")
    public Response removeMember(@PathParam("name") String name, @PathParam("username") String username,
                                 @Context SecurityContext security) {
        Subject s = Subject.of(security);
        boolean leaving = s.isUser() && s.username().equalsIgnoreCase(username);
        if (!leaving) {
            requireAdmin(s, name);
        }
        accounts.removeMember(name, username);
        cache.forgetRoles();
        return Response.noContent().build();
    }

    @GET
    @Path("{name}/tokens")
    @Operation(summary = "The organization's API keys (org admins)")
    public List<Views.Token> keys(@PathParam("name") String name, @Context SecurityContext security) {
        requireAdmin(Subject.of(security), name);
        return tokens.list(null, orgId(name), "org:" + accounts.requireOrg(name).name());
    }

    @POST
    @Path("{name}/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an organization API key; its secret is in this answer only (org admins)")
    public Response createKey(@PathParam("name") String name, Requests.CreateToken body,
                              @Context SecurityContext security) {
        Subject s = requireAdmin(Subject.of(security), name);
        Guard.user(s);
        Requests.CreateToken req = Requests.required(body);
        Views.Organization org = accounts.requireOrg(name);
        return Response.status(201).entity(tokens.create(null, org.id(), s.userId(), "org:" + org.name(), req.name(),
                req.description(), req.scopes(), req.expiresAt())).build();
    }

    @DELETE
    @Path("{name}/tokens/{id}")
    @Operation(summary = "Revoke an organization API key (org admins)")
    public Response revokeKey(@PathParam("name") String name, @PathParam("id") long id,
                              @Context SecurityContext security) {
        requireAdmin(Subject.of(security), name);
        tokens.revoke(null, orgId(name), id);
        return Response.noContent().build();
    }

    private long orgId(String name) {
        return accounts.requireOrg(name).id();
    }

    private Subject requireAdmin(Subject subject, String org) {
        accounts.requireOrg(org);
        Role role = permissions.organizationRole(subject, org);
        if (role != Role.ADMIN) {
            if (subject.isAnonymous()) {
                throw (AccessDeniedException) DefaultAuthenticator.denied("unauthenticated", "Log in first");
            }
            throw AccessDeniedException.forbidden("Only admins of " + org + " may do this");
        }
        return subject;
    }
}
