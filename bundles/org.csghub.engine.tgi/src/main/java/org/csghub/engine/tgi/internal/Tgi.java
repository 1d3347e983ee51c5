package org.csghub.engine.tgi.internal;

import java.io.IOException;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.EngineDescriptors;
import org.csghub.compute.api.InferenceEngine;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Text Generation Inference, as described by this bundle's {@code engine.json}. */
@Component(service = InferenceEngine.class)
public final class Tgi implements InferenceEngine {

    private final EngineDescriptor descriptor;

    @Activate
    public Tgi(@Reference EngineDescriptors descriptors, BundleContext context) throws IOException {
        descriptor = descriptors.read(context.getBundle().getEntry("engine.json"));
    }

    @Override
    public EngineDescriptor descriptor() {
        return descriptor;
    }
}
