package org.csghub.runtime.local.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The runtime's settings, resolved (no empty defaults left), so the core is built without OSGi in tests.
 *
 * @param llamaServerJar {@code null} when not configured
 */
public record Settings(Path dataDir, String javaCommand, Path llamaServerJar, Duration healthTimeout,
                       int maxRestarts, Duration backoffBase) {

    static Settings of(LocalRuntimeConfig c) {
        return new Settings(Path.of(c.dataDir()),
                c.javaCommand().isBlank() ? defaultJava() : c.javaCommand(),
                c.llamaServerJar().isBlank() ? null : Path.of(c.llamaServerJar()),
                Duration.ofSeconds(c.healthTimeoutSeconds()), c.maxRestarts(), Duration.ofMillis(c.backoffBaseMillis()));
    }

    /** The JVM running the hub: the same Java the engine jar was built and tested for. */
    static String defaultJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    Path workloads() {
        return dataDir.resolve("workloads");
    }
}
