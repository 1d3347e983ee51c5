package org.csghub.testing.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak for tests: {@code bin/kc.sh start-dev} of the distribution under
 * {@code -Dcsghub.keycloak.home} (default {@code target/keycloak-<version>}), on 127.0.0.1 and free ports,
 * with the dev-file database (H2 under the distribution's {@code data/}). One instance per JVM, started by the
 * first {@link #shared()} call and stopped by a shutdown hook. Start-up is slow the first time a distribution
 * runs (it builds itself for dev mode and creates the master realm: about 30 s on two cores when built, up to
 * 90 s on a fresh unpack) and 15-20 s after that; an in-memory database would pay the master realm's creation
 * on every start. So test classes share the instance, and a test's realm is recreated when it is set up
 * ({@link KeycloakAdmin#createRealm}) because the database outlives the JVM.
 *
 * <p>Its output goes to {@code -Dcsghub.keycloak.log} (default {@code target/keycloak.log}); read it when a start
 * times out.
 */
public final class KeycloakServer {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static KeycloakServer shared;

    private final Process process;
    private final URI baseUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakServer(Process process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    /** The JVM's Keycloak, started on first use (this call blocks until it answers, up to two minutes). */
    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            KeycloakServer server = start(home(), Path.of(System.getProperty("csghub.keycloak.log", "target/keycloak.log")));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
            shared = server;
        }
        return shared;
    }

    private static Path home() {
        String configured = System.getProperty("csghub.keycloak.home");
        Path home = configured != null ? Path.of(configured) : Path.of("target", "keycloak-26.7.3");
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home.toAbsolutePath()
                    + " (set csghub.keycloak.home, or unpack org.keycloak:keycloak-quarkus-dist there)");
        }
        return home;
    }

    private static KeycloakServer start(Path home, Path log) {
        int httpPort = freePort();
        int managementPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home")); // the test's Java 17, whatever PATH says
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        // the C1 compiler only: a cold start on two cores is ~3x faster, and tests need no peak throughput
        env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            KeycloakServer server = new KeycloakServer(builder.start(), URI.create("http://127.0.0.1:" + httpPort));
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak from " + home, e);
        }
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI probe = baseUri.resolve("/realms/master");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(250);
        }
        stop();
        throw new IllegalStateException("Keycloak did not answer within " + START_TIMEOUT.toSeconds() + " s; see "
                + log.toAbsolutePath());
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return baseUri;
    }

    /** The issuer of a realm, as its discovery document states it. */
    public URI issuer(String realm) {
        return baseUri.resolve("/realms/" + realm);
    }

    /** The admin REST API, signed in as the bootstrap admin. */
    public KeycloakAdmin admin() {
        return new KeycloakAdmin(http, baseUri, ADMIN_USER, ADMIN_PASSWORD);
    }

    /** Stops Keycloak (the script forwards TERM to its JVM; whatever is left after 20 s is killed). */
    public void stop() {
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
