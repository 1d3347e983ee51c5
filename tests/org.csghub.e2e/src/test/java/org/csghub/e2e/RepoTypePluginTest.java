package org.csghub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository type exists exactly while its bundle is installed: a CE folder without the MCP type bundle has no
 * {@code /api/v1/mcps}; dropping the bundle into {@code deploy/} adds the type to the running server, removing
 * it takes the type away again, and the repositories created meanwhile are back when it returns.
 */
class RepoTypePluginTest {

    @TempDir
    Path tmp;

    @Test
    void aTypeComesAndGoesWithItsBundle() throws Exception {
        Path home = copy(Path.of(System.getProperty("csghub.ce.home")), tmp.resolve("ce"));
        Path spare = takeOut(home, "org.csghub.repo.mcp-", tmp);
        Path data = tmp.resolve("data");
        try (TestPostgres pg = TestPostgres.create()) {
            try (Hub hub = Hub.folder(home, data, env(pg)).start()) {
                hub.awaitHealthy(Duration.ofSeconds(60));
                HubApi api = new HubApi(hub);
                assertThat(hub.get("/api/v1/mcps").status()).isEqualTo(404);
                assertThat(hub.get("/api/v1/models").status()).isEqualTo(200);
                assertThat(api.get("/api/v1/repo-types", null).body()).doesNotContain("\"mcps\"");

                Path deployed = data.resolve("deploy").resolve(spare.getFileName());
                Files.createDirectories(deployed.getParent());
                Files.copy(spare, deployed);
                awaitStatus(hub, "/api/v1/mcps", 200);
                Hub.Reply created = api.json("POST", "/api/v1/mcps", api.rootToken(), "{\"name\":\"weather-tools\"}");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                assertThat(api.get("/api/v1/repo-types", null).body()).contains("\"mcps\"");

                Files.delete(deployed);
                awaitStatus(hub, "/api/v1/mcps/root/weather-tools", 404);
                assertThat(hub.get("/api/v1/models").status()).as("other types are untouched").isEqualTo(200);

                Files.copy(spare, deployed);
                awaitStatus(hub, "/api/v1/mcps/root/weather-tools", 200);
            }
        }
    }

    /** Moves the bundle whose file name starts with {@code prefix} out of a CE folder into {@code to}. */
    static Path takeOut(Path home, String prefix, Path to) throws IOException {
        try (Stream<Path> jars = Files.list(home.resolve("bundles"))) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            return Files.move(jar, to.resolve(jar.getFileName()));
        }
    }

    /** The CE test environment on a test database. */
    static Map<String, String> env(TestPostgres pg) {
        Map<String, String> env = new HashMap<>(AccessMatrixTest.env());
        env.put("CSGHUB_DB_URL", pg.url());
        env.put("CSGHUB_DB_USER", pg.user());
        return env;
    }

    static void awaitStatus(Hub hub, String path, int status) throws Exception {
        int last = -1;
        for (int i = 0; i < 300 && last != status; i++) {
            last = hub.get(path).status();
            if (last != status) {
                Thread.sleep(100);
            }
        }
        assertThat(last).as(path).isEqualTo(status);
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
