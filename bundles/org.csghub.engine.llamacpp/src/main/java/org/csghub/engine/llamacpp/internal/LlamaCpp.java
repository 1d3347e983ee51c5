package org.csghub.engine.llamacpp.internal;

import java.io.File;
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
 * llama.cpp, as described by this bundle's {@code engine.json}. The bundle carries the llama-server jar; it is
 * copied into the bundle's data area and its path written into the local command, so the local runtime needs no
 * configuration to run it (a configured {@code llamaServerJar} of the runtime is only used where the placeholder
 * is left, e.g. when the jar is missing from the bundle).
 */
@Component(service = InferenceEngine.class)
public final class LlamaCpp implements InferenceEngine {

    static final String SERVER_JAR = "llama-server.jar";
    static final String PLACEHOLDER = "{llama_server_jar}";

    private final EngineDescriptor descriptor;

    @Activate
    public LlamaCpp(@Reference EngineDescriptors descriptors, BundleContext context) throws IOException {
        EngineDescriptor read = descriptors.read(context.getBundle().getEntry("engine.json"));
        URL jar = context.getBundle().getEntry(SERVER_JAR);
        File data = context.getDataFile("server-" + context.getBundle().getLastModified() + ".jar");
        descriptor = jar == null || data == null ? read : withServerJar(read, extract(jar, data.toPath()));
    }

    @Override
    public EngineDescriptor descriptor() {
        return descriptor;
    }

    /** Copies the jar once per bundle version (temp file + atomic move, so a half copy is never used). */
    static Path extract(URL jar, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "server", ".part");
        try (InputStream in = jar.openStream()) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    static EngineDescriptor withServerJar(EngineDescriptor d, Path jar) {
        List<String> local = d.localCommand().stream()
                .map(part -> part.replace(PLACEHOLDER, jar.toAbsolutePath().toString())).toList();
        return new EngineDescriptor(d.name(), d.displayName(), d.description(), d.formats(), d.architectures(),
                d.images(), d.port(), d.healthPath(), d.readinessPath(), d.openaiBasePath(), d.command(), local,
                d.args(), d.quantizations(), d.env());
    }
}
