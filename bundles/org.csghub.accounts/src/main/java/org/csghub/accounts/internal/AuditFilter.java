package org.csghub.accounts.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.List;
import java.util.Set;
import org.csghub.accounts.api.AuditEvent;
import org.csghub.accounts.api.Subject;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every mutating call (POST, PUT, PATCH, DELETE), refused ones included, before the response leaves:
 * the actor, the route ({@code POST /api/v1/organizations/{name}/members/{username}}), the path it was called
 * on (never the query string or the body, where secrets travel), the result and status, the client address and
 * the request id.
 */
@Priority(Priorities.USER)
class AuditFilter implements ContainerResponseFilter {

    /** A resource may name the actor itself when the call authenticates someone (login). */
    static final String ACTOR = AuditFilter.class.getName() + ".actor";
    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final DbAuditLog audit;

    AuditFilter(DbAuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!MUTATING.contains(request.getMethod())) {
            return;
        }
        Object property = request.getProperty(Subject.REQUEST_PROPERTY);
        Subject subject = property instanceof Subject s ? s : Subject.anonymous(null, null);
        Object actor = request.getProperty(ACTOR);
        if (actor instanceof Subject loggedIn) {
            subject = loggedIn;
        }
        int status = response.getStatus();
        String path = "/" + request.getUriInfo().getPath();
        String action = request.getMethod() + " " + template(request, path);
        try {
            audit.record(AuditEvent.of(subject, action, path, result(status), status, null));
        } catch (RuntimeException e) {
            LOG.error("Could not write the audit record action={} status={} requestId={}: {}", action, status,
                    subject.requestId(), e.toString());
        }
    }

    static String result(int status) {
        if (status < 400) {
            return "success";
        }
        return status == 401 || status == 403 || status == 404 || status == 429 ? "denied" : "failed";
    }

    /** The matched route template, outermost first; the path itself when nothing matched. */
    private static String template(ContainerRequestContext request, String path) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo info)) {
            return path;
        }
        List<UriTemplate> matched = info.getMatchedTemplates();
        if (matched == null || matched.isEmpty()) {
            return path;
        }
        StringBuilder template = new StringBuilder();
        for (int i = matched.size() - 1; i >= 0; i--) {
            String t = matched.get(i).getTemplate();
            if (!t.startsWith("/") && (template.length() == 0 || template.charAt(template.length() - 1) != '/')) {
                template.append('/');
            }
            template.append(t);
        }
        return template.toString().replaceAll("/+$", "");
    }
}
