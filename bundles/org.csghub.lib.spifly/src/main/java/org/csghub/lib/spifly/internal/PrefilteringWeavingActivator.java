package org.csghub.lib.spifly.internal;

import org.apache.aries.spifly.BaseActivator;
import org.apache.aries.spifly.SpiFlyConstants;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.weaving.WeavingHook;

/**
 * SPI Fly's dynamic-weaving activator with {@link PrefilteringWeavingHook} in place of its own hook; the
 * registrar side (META-INF/services of provider bundles registered as OSGi services) is SPI Fly's, unchanged.
 */
public final class PrefilteringWeavingActivator extends BaseActivator implements BundleActivator {

    private ServiceRegistration<WeavingHook> hook;

    @Override
    public synchronized void start(BundleContext context) throws Exception {
        hook = context.registerService(WeavingHook.class, new PrefilteringWeavingHook(this), null);
        start(context, SpiFlyConstants.SPI_CONSUMER_HEADER);
    }

    @Override
    public synchronized void stop(BundleContext context) throws Exception {
        hook.unregister();
        super.stop(context);
    }
}
