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

/** Other users' public profiles. */
@Component(service = ProfileResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect(AccountsFeature.SELECT)
@Path("api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class ProfileResource {

    private final AccountStore accounts;

    @Activate
    public ProfileResource(@Reference AccountStore accounts) {
        this.accounts = accounts;
    }

    /** What anyone may see of a user. */
    public record PublicProfile(String username, String displayName, String avatarUrl, Instant createdAt,
                                List<String> organizations) {
    }

    @GET
    @Path("{username}")
    @Operation(summary = "A user's public profile")
    public PublicProfile profile(@PathParam("username") String username) {
        UserView user = accounts.requireUser(username);
        return new PublicProfile(user.username(), user.displayName(), user.avatarUrl(), user.createdAt(),
                accounts.organizationsOf(user.id()));
    }

}
