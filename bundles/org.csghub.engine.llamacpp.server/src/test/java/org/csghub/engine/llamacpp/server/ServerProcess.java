package org.csghub.engine.llamacpp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar llama-server.jar ...} as a child process on port 0 (the port is read from its "listening on"
 * line), with stdout and stderr in files, and a small HTTP client for it.
 */
final class ServerProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Pattern NATIVE_DIRECTORY = Pattern.compile("native library directory (\\S+)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;
    private HttpResponse<String> firstHealth;

    private ServerProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the jar named by -Dllama.server.jar; its logs go to {@code logs/<name>.out|err}. */
    static ServerProcess start(Path logs, String name, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("llama.server.jar", "target/llama-server.jar"));
        Files.createDirectories(logs);
        Path tmp = Files.createDirectories(logs.resolve(name + "-tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ServerProcess(process, out, err);
    }

    Process process() {
        return process;
    }

    /** Waits for the HTTP port, then for /health 200; fails with the logs if the process dies first. */
    ServerProcess awaitHealthy(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + "\n" + stderr());
            }
            if (base == null) {
                base = logLine(LISTENING).map(URI::create).orElse(null);
            } else {
                HttpResponse<String> health = get("/health");
                if (firstHealth == null) {
                    firstHealth = health;
                }
                if (health.statusCode() == 200) {
                    return this;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server was not healthy after " + timeout + "\n" + stdout() + stderr());
    }

    /** The answer to the first /health probe, sent as soon as the port was open. */
    HttpResponse<String> firstHealth() {
        return firstHealth;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return http;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    Optional<Path> nativeLibraryDirectory() throws IOException {
        return logLine(NATIVE_DIRECTORY).map(Path::of);
    }

    String stdout() throws IOException {
        return Files.readString(stdout);
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private Optional<String> logLine(Pattern pattern) throws IOException {
        Matcher matcher = pattern.matcher(stdout());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
