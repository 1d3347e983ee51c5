package org.csghub.gateway.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeSet;
import org.csghub.accounts.api.AccessDeniedException;
import org.csghub.accounts.api.Permissions;
import org.csghub.accounts.api.Role;
import org.csghub.accounts.api.Subject;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /api/v1/gateway/usage?model=&from=&to=&limit=&groupBy=&organization=}: the caller's own gateway
 * requests (an organization key: its organization's keys'; site admins: everyone's; with {@code organization=},
 * that organization's rows, for its admins and site admins), newest first, with the totals over everything that
 * matches and, with {@code groupBy=key|user|organization|model|day}, one aggregate per group. {@code from} and
 * {@code to} are ISO-8601 instants ({@code to} exclusive).
 */
@Component(service = UsageResource.class)
@JakartarsResource
@JSONRequired
@JakartarsExtensionSelect("(osgi.jakartars.name=csghub.accounts)")
@Path("api/v1/gateway/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private static final int MAX_LIMIT = 1000;

    private final Metering metering;
    private final Permissions permissions;

    @Activate
    public UsageResource(@Reference Metering metering, @Reference Permissions permissions) {
        this.metering = metering;
        this.permissions = permissions;
    }

    @GET
    public Map<String, Object> usage(@QueryParam("model") String model, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("limit") Integer limit,
                                     @QueryParam("groupBy") String groupBy,
                                     @QueryParam("organization") String organization,
                                     @Context SecurityContext security) {
        Subject subject = Subject.of(security);
        if (subject.isAnonymous()) {
            throw AccessDeniedException.unauthenticated("Sign in or send a token to read gateway usage");
        }
        int rows = limit == null ? 100 : limit;
        if (rows < 1 || rows > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit: 1 to " + MAX_LIMIT);
        }
        String group = groupBy == null || groupBy.isBlank() ? null : groupBy.trim();
        if (group != null && !Metering.GROUPS.containsKey(group)) {
            throw ApiException.badRequest("invalid_group_by", "groupBy: one of "
                    + String.join(", ", new TreeSet<>(Metering.GROUPS.keySet())));
        }
        String org = organization == null || organization.isBlank() ? null : organization.trim();
        if (org != null && !subject.siteAdmin() && permissions.organizationRole(subject, org) != Role.ADMIN) {
            throw AccessDeniedException.forbidden("Only the admins of organization '" + org
                    + "' (and site admins) may read its gateway usage");
        }
        return metering.query(Metering.scope(subject, org), model, instant("from", from), instant("to", to), rows,
                group);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_" + name, name + ": an ISO-8601 instant such as "
                    + "2026-01-31T00:00:00Z");
        }
    }
}
