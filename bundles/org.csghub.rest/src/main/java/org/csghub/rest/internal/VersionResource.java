package org.csghub.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/v1/version}: what is running, read from the launcher's framework properties. */
@Component(service = VersionResource.class)
@JakartarsResource
@JSONRequired
@Path("api/v1/version")
public class VersionResource {

    /** Version and edition as the framework properties the launcher sets describe them. */
    public record Version(String version, String edition, String build, String java, String framework) {
    }

    private final Version version;

    @Activate
    public VersionResource(BundleContext context) {
        String bundleVersion = context.getBundle().getVersion().toString();
        this.version = new Version(
                property(context, "csghub.version", bundleVersion),
                property(context, "csghub.edition", "unknown"),
                property(context, "csghub.build", bundleVersion),
                System.getProperty("java.version"),
                property(context, Constants.FRAMEWORK_VENDOR, "?") + " "
                        + property(context, Constants.FRAMEWORK_VERSION, "?"));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Version get() {
        return version;
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

}
