package org.csghub.testing.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3 server for tests: <a href="https://github.com/gaul/s3proxy">S3Proxy</a> 4.1.0 run as
 * {@code java -jar s3proxy-4.1.0-jar-with-dependencies.jar} on 127.0.0.1 and a free port, with the jclouds
 * filesystem backend in a fresh temporary directory and AWS signature checking ({@code aws-v2-or-v4}) against
 * credentials generated for this run. Multipart uploads, server-side copies and presigned URLs work; a wrong
 * secret gets 403.
 *
 * <p>{@link #shared()} starts one per JVM (stopped, and its directory removed, by a shutdown hook); {@link #start()}
 * starts a private one the caller {@link #stop() stops}. The bucket {@link #bucket()} exists from the start.
 *
 * <p>The jar is found at {@code -Dcsghub.s3proxy.jar}, else in the local Maven repository (a module that declares
 * {@code org.gaul:s3proxy:jar-with-dependencies} as a test dependency has it there). Its output goes to
 * {@code -Dcsghub.s3proxy.log} (default {@code target/s3proxy.log}); read that when a start fails.
 *
 * <p>To run the hub on it, pass {@link #endpoint()}, {@link #accessKey()}, {@link #secretKey()} and
 * {@link #bucket()} as {@code CSGHUB_S3_ENDPOINT}, {@code CSGHUB_S3_ACCESS_KEY}, {@code CSGHUB_S3_SECRET_KEY} and
 * {@code CSGHUB_S3_BUCKET} (or as the {@code csghub.s3.*} properties, see {@link #hubSettings()}).
 */
public final class S3Proxy implements AutoCloseable {

    public static final String VERSION = "4.1.0";
    public static final String DEFAULT_BUCKET = "csghub";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static S3Proxy shared;

    private final Process process;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private final Path dataDir;

    private S3Proxy(Process process, URI endpoint, String accessKey, String secretKey, String bucket, Path dataDir) {
        this.process = process;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
        this.dataDir = dataDir;
    }

    /** The JVM's S3Proxy, started on first use (this call blocks until it answers, a few seconds). */
    public static synchronized S3Proxy shared() {
        if (shared == null) {
            S3Proxy server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3proxy-stop"));
            shared = server;
        }
        return shared;
    }

    /** A private S3Proxy with the bucket {@value #DEFAULT_BUCKET}; the caller stops it. */
    public static S3Proxy start() {
        return start(DEFAULT_BUCKET);
    }

    /** A private S3Proxy with {@code bucket} already created; the caller stops it. */
    public static S3Proxy start(String bucket) {
        Path jar = jar();
        Path log = Path.of(System.getProperty("csghub.s3proxy.log", "target/s3proxy.log")).toAbsolutePath();
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        String accessKey = "test-" + randomHex(8);
        String secretKey = randomHex(20);
        try {
            Path dir = Files.createTempDirectory("s3proxy-");
            Path data = Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(data.resolve(bucket));
            Properties conf = new Properties();
            conf.setProperty("s3proxy.endpoint", endpoint.toString());
            conf.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            conf.setProperty("s3proxy.identity", accessKey);
            conf.setProperty("s3proxy.credential", secretKey);
            conf.setProperty("jclouds.provider", "filesystem");
            conf.setProperty("jclouds.filesystem.basedir", data.toString());
            Path confFile = dir.resolve("s3proxy.conf");
            try (Writer out = Files.newBufferedWriter(confFile)) {
                conf.store(out, "S3Proxy for tests");
            }
            Files.createDirectories(log.getParent());
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString(), "--properties", confFile.toString()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            S3Proxy server = new S3Proxy(builder.start(), endpoint, accessKey, secretKey, bucket, dir);
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Proxy from " + jar, e);
        }
    }

    private static Path jar() {
        String configured = System.getProperty("csghub.s3proxy.jar");
        Path jar;
        if (configured != null && !configured.isBlank()) {
            jar = Path.of(configured);
        } else {
            String repo = System.getProperty("maven.repo.local",
                    Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
            jar = Path.of(repo, "org", "gaul", "s3proxy", VERSION, "s3proxy-" + VERSION + "-jar-with-dependencies.jar");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Proxy jar at " + jar.toAbsolutePath() + " (set csghub.s3proxy.jar, or add "
                    + "org.gaul:s3proxy:" + VERSION + ":jar-with-dependencies as a test dependency)");
        }
        return jar;
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; see " + log);
            }
            try {
                // any answer will do: an unsigned request gets 403 once S3Proxy serves
                http.send(HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("S3Proxy did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** A bucket that exists from the start. */
    public String bucket() {
        return bucket;
    }

    /** Where the filesystem backend keeps the buckets: {@code <dataDir>/<bucket>/<key>}. */
    public Path dataDir() {
        return dataDir.resolve("data");
    }

    /** The hub's launch settings for this server ({@code csghub.s3.endpoint} and friends, see docs/configuration.md). */
    public Map<String, String> hubSettings() {
        return Map.of(
                "csghub.s3.endpoint", endpoint.toString(),
                "csghub.s3.region", "us-east-1",
                "csghub.s3.bucket", bucket,
                "csghub.s3.access.key", accessKey,
                "csghub.s3.secret.key", secretKey,
                "csghub.s3.path.style", "true");
    }

    /** The same settings as environment variables ({@code CSGHUB_S3_ENDPOINT}, ...). */
    public Map<String, String> hubEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        hubSettings().forEach((k, v) -> env.put(k.toUpperCase(Locale.ROOT).replace('.', '_'), v));
        return env;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the process and removes its data; idempotent. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dataDir);
    }

    @Override
    public void close() {
        stop();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory; best effort
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
