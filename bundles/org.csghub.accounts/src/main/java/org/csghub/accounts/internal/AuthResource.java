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

/** Log in (password or redirect providers), refresh, log out, and who am I. */
@Component(service = AuthResource.class, scope = ServiceScope.PROTOTYPE)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect(AccountsFeature.SELECT)
@Path("api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class AuthResource {

    private final LoginService logins;
    private final TokenService tokens;
    private final DefaultAuthenticator authenticator;
    private final AccountStore accounts;
    private final DbAuditLog audit;

    @Activate
    public AuthResource(@Reference LoginService logins, @Reference TokenService tokens,
                        @Reference DefaultAuthenticator authenticator, @Reference AccountStore accounts,
                        @Reference DbAuditLog audit) {
        this.logins = logins;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.audit = audit;
    }

    @GET
    @Path("providers")
    @Operation(summary = "The login options this hub offers (one per installed identity provider)")
    public List<Views.Provider> providers() {
        return logins.providers().stream().map(p -> new Views.Provider(p.id(), p.displayName(),
                p.kind().name().toLowerCase(), p.kind() == org.csghub.accounts.api.IdentityProvider.Kind.REDIRECT
                        ? "/api/v1/auth/providers/" + p.id() + "/login" : "/api/v1/auth/login")).toList();
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in with a username and password; answers an access JWT and a refresh token")
    public Views.Session login(Requests.Login body, @Context ContainerRequestContext request) {
        Requests.Login login = Requests.required(body);
        Views.Session session = logins.password(login.provider(), login.username(), login.password());
        markActor(request, session.username());
        return session;
    }

    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Trade a refresh token for a new access token (the refresh token rotates)")
    public Views.Session refresh(Requests.Refresh body) {
        return tokens.refresh(Requests.required(body).refreshToken(), accounts::flags);
    }

    @POST
    @Path("logout")
    @Operation(summary = "End the session of the access token used: it and its refresh token stop working")
    public Response logout(@Context HttpHeaders headers, @Context SecurityContext security) {
        Guard.user(Subject.of(security));
        String sessionId = authenticator.sessionId(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (sessionId == null) {
            throw ApiException.badRequest("not_a_session", "Logout ends login sessions; revoke access tokens instead");
        }
        tokens.revokeSession(sessionId);
        return Response.noContent().build();
    }

    @GET
    @Path("providers/{id}/login")
    @Operation(summary = "Start a login at an external provider: redirects the browser there")
    public Response begin(@PathParam("id") String id, @Context UriInfo uri) {
        URI callback = uri.getBaseUriBuilder().path("api/v1/auth/providers").path(id).path("callback").build();
        return Response.seeOther(logins.begin(id, callback)).build();
    }

    @GET
    @Path("providers/{id}/callback")
    @Operation(summary = "Where the provider sends the browser back; answers a session")
    public Views.Session callback(@PathParam("id") String id, @Context UriInfo uri,
                                  @Context ContainerRequestContext request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((k, v) -> parameters.put(k, v.isEmpty() ? "" : v.get(0)));
        Subject caller = Subject.of(request.getSecurityContext());
        Views.Session session;
        try {
            session = logins.complete(id, parameters);
        } catch (ApiException refused) {
            // a GET, so the audit filter does not see it: logins are recorded here, refused ones included
            audit.record(AuditEvent.of(caller, "auth.login", "provider/" + id, "denied", refused.status(),
                    refused.code()));
            throw refused;
        }
        markActor(request, session.username());
        audit.record(AuditEvent.of((Subject) request.getProperty(AuditFilter.ACTOR), "auth.login", "provider/" + id,
                "success", 200, null));
        return session;
    }

    /** Audit the login under the user who logged in, not under "anonymous". */
    private void markActor(ContainerRequestContext request, String username) {
        Subject caller = (Subject) request.getProperty(Subject.REQUEST_PROPERTY);
        accounts.byUsername(username).ifPresent(u -> request.setProperty(AuditFilter.ACTOR,
                new Subject(u.id(), u.username(), null, u.siteAdmin(), Scope.ALL, null,
                        caller == null ? null : caller.clientIp(), caller == null ? null : caller.requestId())));
    }
}
