package org.csghub.testing.stubengine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.EngineDescriptors;
import org.csghub.compute.api.InferenceEngine;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The stub engine as a vendor would ship it: a descriptor and one component. The server runs from its class file,
 * copied into the bundle's data area, whose directory fills {@code {stub_classes}} in the local command.
 */
@Component(service = InferenceEngine.class)
public final class StubEngine implements InferenceEngine {

    static final String SERVER_CLASS = "org/csghub/testing/stubengine/StubServer.class";

    private final EngineDescriptor descriptor;

    @Activate
    public StubEngine(@Reference EngineDescriptors descriptors, BundleContext context) throws IOException {
        EngineDescriptor read = descriptors.read(context.getBundle().getEntry("engine.json"));
        Path classes = context.getDataFile("classes").toPath();
        copy(context.getBundle().getEntry(SERVER_CLASS), classes.resolve(SERVER_CLASS));
        List<String> local = read.localCommand().stream()
                .map(part -> part.replace("{stub_classes}", classes.toAbsolutePath().toString())).toList();
        descriptor = new EngineDescriptor(read.name(), read.displayName(), read.description(), read.formats(),
                read.architectures(), read.images(), read.port(), read.healthPath(), read.readinessPath(),
                read.openaiBasePath(), read.command(), local, read.args(), read.quantizations(), read.env());
    }

    @Override
    public EngineDescriptor descriptor() {
        return descriptor;
    }

    private static void copy(URL from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = from.openStream()) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
