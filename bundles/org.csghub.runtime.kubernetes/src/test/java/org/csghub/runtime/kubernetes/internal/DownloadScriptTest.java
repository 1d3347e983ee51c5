package org.csghub.runtime.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The init container's script, run by the real sh and curl against an imitation of the hub's HF routes: the
 * revision's siblings, resolve with a redirect to another host (a presigned object-store URL, which must not get
 * the token), the link to the first GGUF, and a failure that exits non-zero with curl's message.
 */
class DownloadScriptTest {

    private static final String TOKEN = "hf_csg_download_token";
    private static final String REV = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;
    private HttpServer hub;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/hf/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
            } else if (path.equals("/hf/api/models/alice/tiny/revision/" + REV)) {
                send(exchange, 200, "{\"id\":\"alice/tiny\",\"sha\":\"" + REV + "\",\"siblings\": [{\"rfilename\": "
                        + "\"config.json\"}, {\"rfilename\":\"sub dir/b.gguf\"},{\"rfilename\":\"a-00001-of-00002.gguf\"},"
                        + "{\"rfilename\":\"a-00002-of-00002.gguf\"}]}");
            } else if (path.equals("/hf/alice/tiny/resolve/" + REV + "/a-00002-of-00002.gguf")) {
                // an LFS object: to the object store, on another host name
                exchange.getResponseHeaders().add("Location", "http://localhost:" + hub.getAddress().getPort()
                        + "/presigned/a-00002-of-00002.gguf?X-Amz-Signature=abc");
                send(exchange, 302, "");
            } else if (path.startsWith("/hf/alice/tiny/resolve/" + REV + "/")) {
                send(exchange, 200, "bytes of " + path.substring(("/hf/alice/tiny/resolve/" + REV + "/").length()));
            } else {
                send(exchange, 404, "{\"error\":\"Revision Not Found\"}");
            }
        });
        hub.createContext("/presigned/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            if (exchange.getRequestHeaders().containsKey("Authorization")) {
                send(exchange, 400, "<Error>Only one auth mechanism allowed</Error>");
            } else {
                send(exchange, 200, "presigned bytes");
            }
        });
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.stop(0);
    }

    @Test
    void downloadsTheRevisionAndLinksTheFirstGguf() throws Exception {
        Path models = dir.resolve("models");
        Path modelDir = models.resolve("tiny");

        Run run = run("alice/tiny", REV, modelDir);

        assertThat(run.exit).withFailMessage("exit %d: %s", run.exit, run.output).isZero();
        assertThat(Files.readString(modelDir.resolve("config.json"))).isEqualTo("bytes of config.json");
        assertThat(Files.readString(modelDir.resolve("sub dir/b.gguf"))).isEqualTo("bytes of sub dir/b.gguf");
        assertThat(Files.readString(modelDir.resolve("a-00002-of-00002.gguf"))).isEqualTo("presigned bytes");
        assertThat(Files.readSymbolicLink(models.resolve("model.gguf")))
                .isEqualTo(modelDir.resolve("a-00001-of-00002.gguf"));
        assertThat(Files.readString(modelDir.resolve(".csghub-revision")).trim()).isEqualTo(REV);
        assertThat(run.output).doesNotContain(TOKEN).contains("downloading sub dir/b.gguf");
        try (var files = Files.walk(modelDir)) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith(".part"));
        }

        requests.clear();
        Run again = run("alice/tiny", REV, modelDir);
        assertThat(again.exit).isZero();
        assertThat(again.output).contains("already in");
        assertThat(requests).isEmpty();
    }

    @Test
    void aMissingRevisionFailsWithCurlsMessage() throws Exception {
        Run run = run("alice/tiny", "ffffffffffffffffffffffffffffffffffffffff", dir.resolve("models/tiny"));

        assertThat(run.exit).isNotZero();
        assertThat(run.output).contains("404").doesNotContain(TOKEN);
        assertThat(dir.resolve("models/tiny/.csghub-revision")).doesNotExist();
    }

    private record Run(int exit, String output) {
    }

    private Run run(String repo, String revision, Path modelDir) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", Manifests.DOWNLOAD_SCRIPT).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.put("HF_ENDPOINT", "http://127.0.0.1:" + hub.getAddress().getPort() + "/hf");
        env.put("REPO", repo);
        env.put("REVISION", revision);
        env.put("MODEL_DIR", modelDir.toString());
        env.put("HF_TOKEN", TOKEN);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        }
        exchange.close();
    }
}
