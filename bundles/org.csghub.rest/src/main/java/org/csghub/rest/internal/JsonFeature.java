package org.csghub.rest.internal;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jakartars.whiteboard.annotations.RequireJakartarsWhiteboard;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsMediaType;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The hub's JSON extension. It is a {@link Feature}, not a provider instance: the whiteboard rebuilds the
 * Jersey application whenever resources come and go, and registering classes here lets each rebuild get
 * fresh providers bound to its own injection manager (a provider instance outlives the manager and then
 * fails every request with "ServiceLocatorImpl has been shut down").
 *
 * <p>Besides Jackson it brings what every resource shares: request ids, the body limit and the mapping
 * of every failure to the uniform error body.
 */
@Component(service = Feature.class, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@JakartarsExtension
@JakartarsName("csghub.json")
@JakartarsMediaType(MediaType.APPLICATION_JSON)
@RequireJakartarsWhiteboard
public class JsonFeature implements Feature {

    private volatile long maxBodyBytes;

    @Activate
    public JsonFeature(RestConfig config) {
        modified(config);
    }

    @Modified
    void modified(RestConfig config) {
        maxBodyBytes = config.maxBodyBytes();
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(JacksonJsonProvider.class);
        context.register(ObjectMapperResolver.class);
        context.register(new RequestIdFilter());
        context.register(new BodyLimitFeature(maxBodyBytes));
        context.register(ErrorMapper.class);
        return true;
    }
}
