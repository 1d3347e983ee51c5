package org.csghub.runtime.local.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.csghub.compute.api.LaunchSpec;

/** Renders an engine's {@code localCommand} and the spec's arguments for one launch. */
final class EngineCommand {

    static final String JAR = "{llama_server_jar}";

    private EngineCommand() {
    }

    /** Fails before any download when the engine cannot run here at all. */
    static void checkRunnable(LaunchSpec spec, Settings settings) throws WorkloadFailure {
        List<String> template = spec.engine().localCommand();
        if (template.isEmpty()) {
            throw new WorkloadFailure("NotRunnableLocally", "Engine " + spec.engine().name()
                    + " has no localCommand: it runs only in containers, choose a cluster with a container runtime");
        }
        if (template.stream().anyMatch(t -> t.contains(JAR))
                && (settings.llamaServerJar() == null || !Files.isRegularFile(settings.llamaServerJar()))) {
            throw new WorkloadFailure("EngineMissing", "Engine " + spec.engine().name() + " needs the llama-server "
                    + "jar; configure llamaServerJar of " + LocalRuntimeConfig.PID + " (now: "
                    + settings.llamaServerJar() + ")");
        }
    }

    static List<String> render(LaunchSpec spec, Settings settings, Path modelDir, Path modelFile, int port) {
        String served = spec.model().servedName() != null && !spec.model().servedName().isBlank()
                ? spec.model().servedName() : spec.model().repo().substring(spec.model().repo().lastIndexOf('/') + 1);
        Map<String, String> values = Map.of("{java}", settings.javaCommand(),
                JAR, String.valueOf(settings.llamaServerJar()),
                "{model_dir}", modelDir.toAbsolutePath().toString(),
                "{model_file}", modelFile.toAbsolutePath().toString(),
                "{port}", Integer.toString(port),
                "{served_model_name}", served);
        List<String> command = new ArrayList<>();
        for (String token : concat(spec.engine().localCommand(), spec.arguments())) {
            for (Map.Entry<String, String> v : values.entrySet()) {
                token = token.replace(v.getKey(), v.getValue());
            }
            command.add(token);
        }
        return command;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A port free now; another process may take it before the engine binds, which then crashes and restarts. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
