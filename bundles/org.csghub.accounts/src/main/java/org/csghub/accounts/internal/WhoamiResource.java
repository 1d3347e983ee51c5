package org.csghub.accounts.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csghub.accounts.api.AuditEvent;
import org.csghub.accounts.api.Scope;
import org.csghub.accounts.api.Subject;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** Who the presented credentials belong to (a path of its own, beside the repository types' {@code api/v1/{segment}}). */
@Component(service = WhoamiResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect(AccountsFeature.SELECT)
@Path("api/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class WhoamiResource {

    private final AccountStore accounts;

    @Activate
    public WhoamiResource(@Reference AccountStore accounts) {
        this.accounts = accounts;
    }

    @GET
    @Operation(summary = "Who the presented credentials belong to, with their scopes and organizations")
    public Views.WhoAmI whoami(@Context SecurityContext security) {
        Subject s = Subject.of(security);
        String kind = s.isUser() ? "user" : s.isOrganizationKey() ? "organization" : "anonymous";
        List<String> orgs = s.isUser() ? accounts.organizationsOf(s.userId())
                : s.isOrganizationKey() ? List.of(s.organization()) : List.of();
        return new Views.WhoAmI(s.getName(), kind, s.userId(), s.username(), s.organization(), s.siteAdmin(),
                s.scopes().stream().map(Scope::wireName).sorted().toList(), orgs);
    }

}
