package org.csghub.plugins.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.csghub.rest.ApiException;
import org.csghub.rest.OwnBodyLimit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin admin API, {@code /api/v1/admin/plugins}: list, inspect, upload (install and start), start,
 * stop and uninstall. Every call needs the admin token ({@link AdminToken}).
 */
@Component(service = PluginsResource.class, configurationPid = PluginsConfig.PID)
@JakartarsResource
@JSONRequired
@Path("api/v1/admin/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginsResource {

    static final String JAR = "application/java-archive";
    private static final Logger LOG = LoggerFactory.getLogger(PluginsResource.class);

    /**
     * The list answer: an object, so it can grow fields without breaking clients.
     *
     * @param refused jars in deploy/ that were refused, by file name, with the reason
     */
    public record Plugins(List<PluginView> plugins, java.util.Map<String, String> refused) {
    }

    private final PluginManager plugins;
    private final AdminToken token;

    /** Set by the accounts layer when installed: site admins may use this API without the admin token. */
    @Context
    private SecurityContext security;
    private final long maxUploadBytes;
    private final java.nio.file.Path uploads;

    @Activate
    public PluginsResource(BundleContext context, @Reference PluginManager plugins, PluginsConfig config) {
        this.plugins = plugins;
        String configured = config._adminToken();
        this.token = AdminToken.of(configured.isBlank() ? context.getProperty(PluginsConfig.TOKEN_PROPERTY) : configured);
        this.maxUploadBytes = config.maxUploadBytes();
        this.uploads = context.getDataFile("uploads").toPath();
        if (!token.enabled()) {
            LOG.debug("The plugin admin API is disabled: no admin token is configured (CSGHUB_ADMIN_TOKEN)");
        }
    }

    @GET
    public Plugins list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        authorize(authorization);
        return new Plugins(plugins.list(), plugins.refusedDeploys());
    }

    @GET
    @Path("{id}")
    public PluginView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        authorize(authorization);
        return plugins.get(id(id));
    }

    /** The raw jar is the body; answered 201 with the plugin once it is installed and started. */
    @POST
    @Consumes({JAR, MediaType.APPLICATION_OCTET_STREAM})
    @OwnBodyLimit
    public Response upload(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream body, @Context UriInfo uri) {
        authorize(authorization);
        if (contentLength != null && parseLength(contentLength) > maxUploadBytes) {
            throw tooLarge();
        }
        java.nio.file.Path jar = receive(body);
        try {
            PluginView installed = plugins.upload(jar);
            return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(installed.id())).build())
                    .entity(installed).build();
        } finally {
            try {
                Files.deleteIfExists(jar); // the framework keeps its own copy in the bundle cache
            } catch (IOException e) {
                LOG.warn("Could not delete upload {}: {}", jar, e.toString());
            }
        }
    }

    @PUT
    @Path("{id}/start")
    public PluginView start(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        authorize(authorization);
        return plugins.start(id(id));
    }

    @PUT
    @Path("{id}/stop")
    public PluginView stop(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        authorize(authorization);
        return plugins.stop(id(id));
    }

    @DELETE
    @Path("{id}")
    public Response uninstall(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        authorize(authorization);
        plugins.remove(id(id));
        return Response.noContent().build();
    }

    /** Streams the body to a file, refusing it with 413 as soon as it grows past the limit. */
    private java.nio.file.Path receive(InputStream body) {
        if (body == null) {
            throw ApiException.badRequest("empty_body", "Send the plugin jar as the request body");
        }
        try {
            Files.createDirectories(uploads);
            java.nio.file.Path jar = Files.createTempFile(uploads, "upload-", ".jar");
            boolean complete = false;
            try (OutputStream out = Files.newOutputStream(jar, StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = body.read(buffer)) > 0; ) {
                    total += n;
                    if (total > maxUploadBytes) {
                        throw tooLarge();
                    }
                    out.write(buffer, 0, n);
                }
                if (total == 0) {
                    throw ApiException.badRequest("empty_body", "Send the plugin jar as the request body");
                }
                complete = true;
            } finally {
                if (!complete) {
                    Files.deleteIfExists(jar);
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload_too_large",
                "The plugin jar is larger than the limit of " + maxUploadBytes + " bytes",
                Map.of("limitBytes", maxUploadBytes));
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No plugin with id " + id);
        }
    }

    /** Site admins (through the accounts layer) or the holder of the configured admin token. */
    private void authorize(String authorization) {
        if (security != null && security.isUserInRole("admin")) {
            return;
        }
        token.check(authorization);
    }
}
