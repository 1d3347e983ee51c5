package org.csghub.accounts.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import org.csghub.accounts.api.Action;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.UserView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** The caller's own account and tokens, and other users' public profiles. */
@Component(service = UserResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect(AccountsFeature.SELECT)
@Path("api/v1/user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private final AccountStore accounts;
    private final TokenService tokens;
    private final Passwords passwords;

    @Activate
    public UserResource(@Reference AccountStore accounts, @Reference TokenService tokens,
                        @Reference Passwords passwords) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.passwords = passwords;
    }


    @GET
    @Operation(summary = "The logged-in user")
    public UserView me(@Context SecurityContext security) {
        Subject s = Guard.user(Subject.of(security));
        return accounts.byId(s.userId()).orElseThrow();
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the logged-in user's e-mail, display name, avatar or password")
    public UserView update(Requests.UpdateUser body, @Context SecurityContext security) {
        Subject s = Guard.user(Subject.of(security), Action.ADMIN);
        Requests.UpdateUser change = Requests.required(body);
        if (change.siteAdmin() != null || change.disabled() != null) {
            throw org.csghub.accounts.api.AccessDeniedException.forbidden("Only site admins change roles or disable users");
        }
        if (change.password() != null) {
            passwords.set(s.userId(), change.password(), true);
        }
        return accounts.updateUser(s.userId(), change.email(), change.displayName(), change.avatarUrl(), null, null);
    }

    @GET
    @Path("tokens")
    @Operation(summary = "The logged-in user's access tokens (never their secrets)")
    public List<Views.Token> tokens(@Context SecurityContext security) {
        Subject s = Guard.user(Subject.of(security), Action.READ);
        return tokens.list(s.userId(), null, s.username());
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an access token; its secret is in this answer and nowhere else, ever")
    public Response create(Requests.CreateToken body, @Context SecurityContext security) {
        Subject s = Guard.user(Subject.of(security), Action.ADMIN);
        Requests.CreateToken req = Requests.required(body);
        return Response.status(201).entity(tokens.create(s.userId(), null, s.userId(), s.username(), req.name(),
                req.description(), req.scopes(), req.expiresAt())).build();
    }

    @DELETE
    @Path("tokens/{id}")
    @Operation(summary = "Revoke one of the logged-in user's tokens")
    public Response revoke(@PathParam("id") long id, @Context SecurityContext security) {
        Subject s = Guard.user(Subject.of(security), Action.ADMIN);
        tokens.revoke(s.userId(), null, id);
        return Response.noContent().build();
    }
}
