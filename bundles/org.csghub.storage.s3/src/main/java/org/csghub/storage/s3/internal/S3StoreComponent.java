package org.csghub.storage.s3.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.csghub.storage.api.ObjectStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the S3 {@link ObjectStore} when an endpoint is configured. Without one (CE started without S3, as
 * in tests) it logs one warning and registers nothing, so whatever needs a store waits instead of the server
 * failing to start; the same for a configuration S3 cannot work with (it logs an error). An unreachable S3 is
 * not a reason to hold the store back: it may start after the hub, and every put checks the bucket again. A
 * changed configuration re-creates the store.
 */
@Component(service = {}, immediate = true, configurationPid = S3Config.PID)
@Designate(ocd = S3Config.class)
public class S3StoreComponent {

    private static final Logger LOG = LoggerFactory.getLogger(S3StoreComponent.class);

    private final S3ObjectStore store;
    private final ServiceRegistration<ObjectStore> registration;

    @Activate
    public S3StoreComponent(BundleContext context, S3Config config) {
        this.store = create(config);
        if (store == null) {
            this.registration = null;
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ObjectStore.NAME, "s3");
        this.registration = context.registerService(ObjectStore.class, store, properties);
    }

    /** The store, or {@code null} (logged) when there is none to offer. */
    private static S3ObjectStore create(S3Config config) {
        if (config.endpoint().isBlank()) {
            LOG.warn("No S3 endpoint configured (CSGHUB_S3_ENDPOINT, conf/{}.cfg): there is no object store, so LFS "
                    + "uploads and other large content are unavailable", S3Config.PID);
            return null;
        }
        S3ObjectStore store = null;
        try {
            store = new S3ObjectStore(S3Settings.of(config));
            store.ensureBucket();
            LOG.info("Objects are stored in {}", store);
        } catch (IOException e) {
            LOG.warn("Object store {} is not usable yet: {}", store, e.getMessage());
        } catch (IllegalArgumentException e) {
            LOG.error("The S3 object store is misconfigured (conf/{}.cfg, CSGHUB_S3_*): {}; there is no object store",
                    S3Config.PID, e.getMessage());
            if (store != null) {
                store.close();
            }
            return null;
        }
        return store;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it
            }
        }
        if (store != null) {
            store.close();
        }
    }
}
