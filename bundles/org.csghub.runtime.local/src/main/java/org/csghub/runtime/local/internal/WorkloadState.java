package org.csghub.runtime.local.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What {@code <workload>/state.json} keeps of a running engine, so that a restarted hub adopts the process
 * instead of starting a second one.
 *
 * @param pid           the engine process
 * @param port          where it listens on 127.0.0.1
 * @param specHash      the spec it runs ({@link SpecHash}), to tell a changed spec after the restart
 * @param startedAt     epoch milliseconds
 * @param readinessPath the engine's readiness path, to probe it without the spec
 * @param modelDir      the model directory, which the process's command line must name to be adopted
 */
record WorkloadState(long pid, int port, String specHash, long startedAt, String readinessPath, String modelDir) {

    static final String FILE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    void write(Path workloadDir) throws IOException {
        Path temp = workloadDir.resolve(FILE + ".tmp");
        JSON.writeValue(temp.toFile(), this);
        Files.move(temp, workloadDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static WorkloadState read(Path workloadDir) {
        Path file = workloadDir.resolve(FILE);
        try {
            return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), WorkloadState.class) : null;
        } catch (IOException e) {
            return null; // a torn or foreign file: nothing to adopt
        }
    }

    /** Whether the process lives and is still the engine we started (pids are reused). */
    boolean alive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> h.info().commandLine().orElse(String.join(" ", h.info().arguments().orElse(new String[0]))))
                .filter(cmd -> cmd.contains(modelDir)).isPresent();
    }
}
