package org.csghub.rest.openapi.internal;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.jakartars.whiteboard.JakartarsWhiteboardConstants;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/openapi.json} and {@code GET /api/docs}. The document is built on first request from the
 * whiteboard resources registered at that moment and cached until a resource comes or goes, so start-up pays
 * nothing and a plugin's routes appear as soon as it is installed.
 */
@Component(service = OpenApiResource.class)
@JakartarsResource
@Path("api")
@Hidden // the document does not describe itself
public class OpenApiResource {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiResource.class);

    private final AtomicReference<String> document = new AtomicReference<>();
    private final ServiceTracker<Object, Object> resources;
    private final String version;

    @Activate
    public OpenApiResource(BundleContext context) throws org.osgi.framework.InvalidSyntaxException {
        String v = context.getProperty("csghub.version");
        this.version = v == null ? context.getBundle().getVersion().toString() : v;
        this.resources = new ServiceTracker<>(context,
                context.createFilter("(" + JakartarsWhiteboardConstants.JAKARTA_RS_RESOURCE + "=true)"), null) {
            @Override
            public Object addingService(ServiceReference<Object> reference) {
                document.set(null);
                return reference;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Object service) {
                document.set(null);
            }
        };
        resources.open();
    }

    @Deactivate
    void deactivate() {
        resources.close();
    }

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public String openApi() {
        String doc = document.get();
        if (doc == null) {
            doc = ApiDocument.json(resourceClasses(), version);
            document.set(doc);
        }
        return doc;
    }

    @GET
    @Path("docs")
    public Response docs() {
        return Response.seeOther(URI.create("/api/docs/ui/index.html")).build();
    }

    /** The classes the registered resources are published under, loaded by the bundles that registered them. */
    private List<Class<?>> resourceClasses() {
        List<Class<?>> classes = new ArrayList<>();
        ServiceReference<Object>[] refs = resources.getServiceReferences();
        if (refs == null) {
            return classes;
        }
        for (ServiceReference<Object> ref : refs) {
            for (String name : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
                try {
                    classes.add(ref.getBundle().loadClass(name));
                } catch (ClassNotFoundException | IllegalStateException e) {
                    LOG.debug("Resource class {} not loadable: {}", name, e.toString());
                }
            }
        }
        return classes;
    }
}
