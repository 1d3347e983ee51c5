package org.csghub.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CSGHub server process started from an exported edition, and an HTTP client for it. Everything a
 * test learns about the server goes through HTTP or the process's exit; the log is kept for failures.
 */
final class Hub implements AutoCloseable {

    record Reply(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private Hub(List<String> command, Map<String, String> env, Path log, int port) {
        this.command = command;
        this.env = env;
        this.log = log;
        this.port = port;
    }

    /** The Lite jar, run as {@code java -jar}, on a free port with its data directory given. */
    static Hub lite(Path dataDir, Map<String, String> extraEnv) throws IOException {
        String jar = System.getProperty("csghub.lite.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return create(List.of(java, "-jar", jar), dataDir, extraEnv);
    }

    /** A folder edition, run through its {@code bin/csghub} script. */
    static Hub folder(Path home, Path dataDir, Map<String, String> extraEnv) throws IOException {
        return create(List.of(home.resolve("bin/csghub").toString()), dataDir, extraEnv);
    }

    /**
     * The CE folder on PostgreSQL and the S3 store (the shared S3Proxy), started: what the CE variants of the
     * end-to-end tests run against.
     */
    static Hub ceOnPostgresAndS3(TestPostgres pg, Path dataDir, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("CSGHUB_DB_URL", pg.url());
        env.put("CSGHUB_DB_USER", pg.user());
        env.putAll(org.csghub.testing.s3.S3Proxy.shared().hubEnvironment());
        return folder(Path.of(System.getProperty("csghub.ce.home")), dataDir, env).start();
    }

    private static Hub create(List<String> command, Path dataDir, Map<String, String> extraEnv) throws IOException {
        int port = freePort();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("CSGHUB_DATA_DIR", dataDir.toString());
        env.put("CSGHUB_HTTP_PORT", Integer.toString(port));
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Files.createDirectories(dataDir);
        return new Hub(command, env, dataDir.resolveSibling(dataDir.getFileName() + ".log"), port);
    }

    Hub start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        process = pb.start();
        return this;
    }

    /** Waits until /api/v1/health answers 200 or the process dies; returns the milliseconds it took. */
    long awaitHealthy(Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Server exited with " + process.exitValue() + "\n" + logTail());
            }
            try {
                if (get("/api/v1/health").status() == 200) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Not healthy within " + timeout + "\n" + logTail());
    }

    /** The server's base URL, {@code http://127.0.0.1:<port>}, for clients other than this one (git). */
    HttpClient http() {
        return http;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Reply get(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).GET());
    }

    Reply send(String method, String path, HttpRequest.BodyPublisher body, String... headers)
            throws IOException, InterruptedException {
        return send(request(path, headers).method(method, body));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().map(), r.body());
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed; what survives was durable. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Did not stop within " + timeout + " of SIGTERM\n" + logTail());
        }
        return process.exitValue();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }


    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
