package org.csghub.hf.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.csghub.rest.ApiError;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Under {@code /hf/} errors take HF's shape whatever produced them (an unknown route, a refused token, a body
 * too large): {@code {"error": "<message>"}} with {@code X-Error-Message}, because the HF clients print
 * {@code body.error} as text. A refused token says {@code Invalid credentials in Authorization header}, which
 * Python's client tells apart from a missing repository. Elsewhere the hub's uniform error body stays.
 */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName("csghub.hf.errors")
public class HfErrorFeature implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new HfErrorBodies());
        return true;
    }

    @Priority(Priorities.USER + 1000)
    static final class HfErrorBodies implements ContainerResponseFilter {

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (response.getStatus() < 400 || !(response.getEntity() instanceof ApiError error)
                    || !request.getUriInfo().getPath().startsWith("hf/")) {
                return;
            }
            String message = error.error().message();
            if (response.getStatus() == 401 && error.error().code() != null
                    && error.error().code().startsWith("invalid_token")) {
                message = "Invalid credentials in Authorization header";
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            body.put("code", error.error().code());
            response.setEntity(body);
            response.getHeaders().putSingle("X-Error-Message", message == null ? "" : message.replaceAll("[\\r\\n]", " "));
            if (response.getStatus() == 404 && !response.getHeaders().containsKey("X-Error-Code")) {
                response.getHeaders().putSingle("X-Error-Code", HfErrors.REPO_NOT_FOUND);
            }
        }
    }
}
