package org.csghub.accounts.internal;

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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.csghub.accounts.api.AuditEvent;
import org.csghub.accounts.api.Subject;
import org.csghub.accounts.api.UserView;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Site administration of users, and the audit trail. Site admins only. */
@Component(service = AdminResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect(AccountsFeature.SELECT)
@Path("api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    private final AccountStore accounts;
    private final Passwords passwords;
    private final AccessCache cache;
    private final DbAuditLog audit;

    @Activate
    public AdminResource(@Reference AccountStore accounts, @Reference Passwords passwords,
                         @Reference AccessCache cache, @Reference DbAuditLog audit) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.cache = cache;
        this.audit = audit;
    }

    @GET
    @Path("users")
    @Operation(summary = "Users, searched by name, e-mail or display name, paged")
    public Page<UserView> users(@QueryParam("search") String search, @QueryParam("page") @DefaultValue("1") int page,
                                @QueryParam("per_page") @DefaultValue("50") int perPage,
                                @Context SecurityContext security) {
        Guard.siteAdmin(Subject.of(security));
        return accounts.listUsers(search, page, perPage);
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user, optionally with a password and as site admin")
    public Response create(Requests.CreateUser body, @Context SecurityContext security) {
        Guard.siteAdmin(Subject.of(security));
        Requests.CreateUser req = Requests.required(body);
        if (req.password() != null && !passwords.available()) {
            throw new ApiException(400, "passwords_unavailable",
                    "Password login is not installed on this hub (bundle org.csghub.idp.local)");
        }
        UserView user = accounts.createUser(req.username(), req.email(), req.displayName(),
                Boolean.TRUE.equals(req.siteAdmin()));
        if (req.password() != null) {
            try {
                passwords.set(user.id(), req.password(), true);
            } catch (ApiException badPassword) {
                accounts.deleteUser(user.id());
                throw badPassword;
            }
        }
        return Response.status(201).entity(user).build();
    }

    @GET
    @Path("users/{username}")
    public UserView user(@PathParam("username") String username, @Context SecurityContext security) {
        Guard.siteAdmin(Subject.of(security));
        return accounts.requireUser(username);
    }

    @PATCH
    @Path("users/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a user: e-mail, names, password, site admin, disabled")
    public UserView update(@PathParam("username") String username, Requests.UpdateUser body,
                           @Context SecurityContext security) {
        Subject admin = Guard.siteAdmin(Subject.of(security));
        Requests.UpdateUser change = Requests.required(body);
        UserView user = accounts.requireUser(username);
        if (user.id() == admin.userId() && (Boolean.FALSE.equals(change.siteAdmin())
                || Boolean.TRUE.equals(change.disabled()))) {
            throw ApiException.conflict("Admins cannot demote or disable themselves");
        }
        if (change.password() != null) {
            passwords.set(user.id(), change.password(), true);
        }
        UserView updated = accounts.updateUser(user.id(), change.email(), change.displayName(), change.avatarUrl(),
                change.siteAdmin(), change.disabled());
        cache.forgetUser(user.id());
        return updated;
    }

    @DELETE
    @Path("users/{username}")
    @Operation(summary = "Delete a user (soft: the name stays taken; tokens and sessions stop working)")
    public Response delete(@PathParam("username") String username, @Context SecurityContext security) {
        Subject admin = Guard.siteAdmin(Subject.of(security));
        UserView user = accounts.requireUser(username);
        if (user.id() == admin.userId()) {
            throw ApiException.conflict("Admins cannot delete themselves");
        }
        accounts.deleteUser(user.id());
        passwords.remove(user.id());
        cache.forgetUser(user.id());
        return Response.noContent().build();
    }

    @GET
    @Path("audit")
    @Operation(summary = "The audit trail, newest first, filtered and paged")
    public Page<AuditEvent> audit(@QueryParam("actor") String actor, @QueryParam("action") String action,
                                  @QueryParam("target") String target, @QueryParam("result") String result,
                                  @QueryParam("from") String from, @QueryParam("to") String to,
                                  @QueryParam("page") @DefaultValue("1") int page,
                                  @QueryParam("per_page") @DefaultValue("50") int perPage,
                                  @Context SecurityContext security) {
        Guard.siteAdmin(Subject.of(security));
        return audit.query(new DbAuditLog.Filter(actor, action, target, result, instant("from", from),
                instant("to", to)), page, perPage);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_field", field + " must be an ISO-8601 instant such as"
                    + " 2026-01-31T12:00:00Z", Map.of("field", field));
        }
    }
}
