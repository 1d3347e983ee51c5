package org.csghub.platform.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.csghub.platform.itest.fixtures.FailingComponent;
import org.csghub.platform.itest.fixtures.ThrowingActivator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * Plugins come and go at runtime: through deploy/ and through the admin API, refused when they are no bundle
 * or do not resolve, reported when they fail, and never at the cost of another route.
 */
@ExtendWith(BundleContextExtension.class)
class PluginsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETINGS = "/api/v1/example/greetings";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Hub hub;

    @BeforeAll
    static void connect(@InjectBundleContext BundleContext context) throws Exception {
        hub = Hub.connect(context);
        Files.createDirectories(hub.deployDir());
    }

    /** Every test starts from a hub without plugins. */
    @AfterEach
    void removePlugins() throws IOException, BundleException {
        try (Stream<Path> files = Files.list(hub.deployDir())) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Hub.sleep(200);
        for (Bundle b : hub.context().getBundles()) {
            if (b.getLocation().startsWith("csghub:deploy/") || b.getLocation().startsWith("csghub:upload/")) {
                b.uninstall();
            }
        }
        assertThat(hub.await(GREETINGS, r -> r.statusCode() == 404, WAIT)).isNotNull();
    }

    @Test
    void adminApiNeedsTheToken() throws Exception {
        HttpResponse<String> none = hub.get(Hub.PLUGINS);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none).path("code").asText()).isEqualTo("unauthorized");
        assertThat(none.body()).doesNotContain(Hub.TOKEN);
        assertThat(hub.admin("GET", Hub.PLUGINS).statusCode()).isEqualTo(200);
    }

    @Test
    void hotInstallUpdateAndRemovalThroughTheDeployDirectory() throws Exception {
        Path jar = hub.deployDir().resolve("example.jar");
        long start = System.nanoTime();
        Files.copy(hub.examplePluginJar(), jar); // a plain copy: the watcher must wait for the complete file
        HttpResponse<String> greeting = hub.await(GREETINGS + "?name=Ada", r -> r.statusCode() == 200, WAIT);
        long installMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("FIGURE hot install via deploy/: drop -> route 200 in " + installMillis + " ms");
        assertThat(greeting).as("route after dropping the jar").isNotNull();
        assertThat(JSON.readTree(greeting.body()).path("message").asText()).isEqualTo("Hello, Ada!");

        HttpResponse<String> bad = hub.postJson(GREETINGS, "{\"name\":\"<script>\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(error(bad).path("code").asText()).isEqualTo("invalid_name");
        assertThat(hub.postJson(GREETINGS, "{\"name\":\"Bob\"}").body()).contains("Hello, Bob!");

        JsonNode plugin = onlyPlugin();
        assertThat(plugin.path("symbolicName").asText()).isEqualTo("org.csghub.example");
        assertThat(plugin.path("name").asText()).isEqualTo("Example greetings");
        assertThat(plugin.path("source").asText()).isEqualTo("deploy");
        assertThat(plugin.path("state").asText()).isEqualTo("active");
        assertThat(plugin.path("failure").isNull()).isTrue();
        assertThat(plugin.path("services").toString()).contains("org.csghub.example.Greeter");
        assertThat(plugin.path("capabilities").toString()).contains("osgi.wiring.package: org.csghub.example");

        // replacing the jar updates the bundle in place
        Bundle bundle = hub.context().getBundle(plugin.path("id").asLong());
        long installedAt = bundle.getLastModified();
        Path next = Files.copy(hub.examplePluginJar(), hub.deployDir().resolve(".example.jar.tmp"));
        Hub.sleep(20);
        Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bundle.getLastModified() == installedAt && System.nanoTime() < deadline) {
            Hub.sleep(10);
        }
        assertThat(bundle.getLastModified()).as("updated").isGreaterThan(installedAt);
        assertThat(hub.await(GREETINGS, r -> r.statusCode() == 200, WAIT)).isNotNull();
        assertThat(bundle.getBundleId()).isEqualTo(onlyPlugin().path("id").asLong());

        start = System.nanoTime();
        Files.delete(jar);
        HttpResponse<String> gone = hub.await(GREETINGS, r -> r.statusCode() == 404, WAIT);
        System.out.println("FIGURE hot removal via deploy/: delete -> route 404 in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(gone).isNotNull();
        assertThat(error(gone).path("code").asText()).isEqualTo("not_found");
        assertThat(plugins()).isEmpty();
        assertThat(bundle.getState()).isEqualTo(Bundle.UNINSTALLED);
    }

    @Test
    void installStopStartAndUninstallThroughTheApi() throws Exception {
        byte[] example = Files.readAllBytes(hub.examplePluginJar());
        long start = System.nanoTime();
        HttpResponse<String> created = hub.upload(example);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(hub.await(GREETINGS, r -> r.statusCode() == 200, WAIT)).isNotNull();
        System.out.println("FIGURE hot install via POST: request -> route 200 in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        JsonNode plugin = JSON.readTree(created.body());
        long id = plugin.path("id").asLong();
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(Hub.PLUGINS + "/" + id));
        assertThat(plugin.path("state").asText()).isEqualTo("active");
        assertThat(plugin.path("source").asText()).isEqualTo("upload");

        HttpResponse<String> again = hub.upload(example);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(error(again).path("message").asText()).contains("org.csghub.example");

        HttpResponse<String> stopped = hub.admin("PUT", Hub.PLUGINS + "/" + id + "/stop");
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stopped.body()).path("state").asText()).isEqualTo("resolved");
        assertThat(hub.await(GREETINGS, r -> r.statusCode() == 404, WAIT)).isNotNull();

        HttpResponse<String> started = hub.admin("PUT", Hub.PLUGINS + "/" + id + "/start");
        assertThat(JSON.readTree(started.body()).path("state").asText()).isEqualTo("active");
        assertThat(hub.await(GREETINGS, r -> r.statusCode() == 200, WAIT)).isNotNull();

        assertThat(hub.admin("DELETE", Hub.PLUGINS + "/" + id).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = hub.await(GREETINGS, r -> r.statusCode() == 404, WAIT);
        assertThat(gone).isNotNull();
        assertThat(error(gone).path("code").asText()).isEqualTo("not_found");
        assertThat(hub.admin("GET", Hub.PLUGINS + "/" + id).statusCode()).isEqualTo(404);
        assertThat(hub.context().getBundle(id)).isNull();
    }

    @Test
    void editionBundlesCannotBeStoppedThroughTheApi() throws Exception {
        Bundle rest = Arrays.stream(hub.context().getBundles())
                .filter(b -> "org.csghub.rest".equals(b.getSymbolicName())).findFirst().orElseThrow();
        HttpResponse<String> r = hub.admin("PUT", Hub.PLUGINS + "/" + rest.getBundleId() + "/stop");
        assertThat(r.statusCode()).isEqualTo(404); // not a plugin at all
        assertThat(rest.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(hub.admin("PUT", Hub.PLUGINS + "/0/stop").statusCode()).isEqualTo(404);
    }

    @Test
    void aJarThatIsNotABundleIsRefusedAndNothingIsInstalled() throws Exception {
        int before = hub.context().getBundles().length;
        HttpResponse<String> r = hub.upload(TestJars.notABundle());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r).path("code").asText()).isEqualTo("not_a_bundle");
        assertThat(error(r).path("message").asText()).contains("Bundle-SymbolicName");
        assertThat(hub.context().getBundles()).hasSize(before);
    }

    @Test
    void anUnresolvableBundleIsRefusedWithTheRequirementAndNothingIsInstalled() throws Exception {
        int before = hub.context().getBundles().length;
        HttpResponse<String> r = hub.upload(TestJars.unresolvable("itest.unresolvable", "org.csghub.does.not.exist"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode error = error(r);
        assertThat(error.path("code").asText()).isEqualTo("unresolved");
        assertThat(error.path("message").asText()).contains("org.csghub.does.not.exist");
        assertThat(error.path("details").path("requirements").toString()).contains("osgi.wiring.package=org.csghub.does.not.exist");
        assertThat(hub.context().getBundles()).hasSize(before);
        assertThat(bundleNamed("itest.unresolvable")).isNull();

        // the same jar dropped into deploy/ is refused too (and logged), nothing stays installed
        Files.write(hub.deployDir().resolve("unresolvable.jar"), TestJars.unresolvable("itest.unresolvable", "org.csghub.does.not.exist"));
        Files.write(hub.deployDir().resolve("plain.jar"), TestJars.notABundle());
        Hub.sleep(1000);
        assertThat(hub.context().getBundles()).hasSize(before);
        // ... and the refusals are visible to operators, not only in the log
        JsonNode refused = JSON.readTree(hub.admin("GET", Hub.PLUGINS).body()).path("refused");
        assertThat(refused.path("unresolvable.jar").asText()).contains("org.csghub.does.not.exist");
        assertThat(refused.has("plain.jar")).isTrue();
        JsonNode health = JSON.readTree(hub.get("/api/v1/health").body()).path("checks").path("plugins");
        assertThat(health.path("state").asText()).isEqualTo("DEGRADED");
        assertThat(health.path("message").asText()).contains("refused");
        // removing the jars clears them
        Files.delete(hub.deployDir().resolve("unresolvable.jar"));
        Files.delete(hub.deployDir().resolve("plain.jar"));
        Hub.sleep(1000);
        assertThat(JSON.readTree(hub.admin("GET", Hub.PLUGINS).body()).path("refused").size()).isZero();
    }

    @Test
    void aPluginThatThrowsOnActivationIsReportedFailedWhileTheHubKeepsServing() throws Exception {
        HttpResponse<String> created = hub.upload(TestJars.failingComponent("itest.failing"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).path("id").asLong();
        JsonNode plugin = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            plugin = JSON.readTree(hub.admin("GET", Hub.PLUGINS + "/" + id).body());
            if (!plugin.path("failure").isNull()) {
                break;
            }
            Hub.sleep(20);
        }
        assertThat(plugin.path("failure").asText()).contains(FailingComponent.REASON);
        assertThat(plugin.path("name").asText()).isEqualTo("Failing itest plugin");
        assertThat(plugin.path("components").get(0).path("state").asText()).isEqualTo("failed-activation");

        HttpResponse<String> activator = hub.upload(TestJars.throwingActivator("itest.activator"));
        assertThat(activator.statusCode()).as(activator.body()).isEqualTo(201);
        JsonNode failedStart = JSON.readTree(activator.body());
        assertThat(failedStart.path("state").asText()).isEqualTo("resolved");
        assertThat(failedStart.path("failure").asText()).contains(ThrowingActivator.REASON);

        assertThat(hub.get("/api/v1/version").statusCode()).isEqualTo(200);
        HttpResponse<String> health = hub.get("/api/v1/health");
        assertThat(health.statusCode()).as("a failed plugin does not make the hub unready").isEqualTo(200);
        JsonNode plugins = JSON.readTree(health.body()).path("checks").path("plugins");
        assertThat(plugins.path("state").asText()).isEqualTo("DEGRADED");
        assertThat(plugins.path("message").asText()).contains("itest.failing", "itest.activator");
    }

    @Test
    void otherRoutesKeepAnswering200WhilePluginsComeAndGo() throws Exception {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger requests = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (running.get()) {
                for (String path : List.of("/api/v1/version", "/api/v1/health")) {
                    try {
                        HttpResponse<String> r = hub.get(path);
                        requests.incrementAndGet();
                        if (r.statusCode() != 200) {
                            failures.add(path + " -> " + r.statusCode() + " " + r.body());
                        }
                    } catch (AssertionError e) {
                        failures.add(path + " -> " + e.getMessage());
                    }
                }
            }
        }, "itest-poller");
        poller.start();
        try {
            byte[] example = Files.readAllBytes(hub.examplePluginJar());
            for (int cycle = 0; cycle < 3; cycle++) {
                Path jar = hub.deployDir().resolve("example.jar");
                Files.copy(hub.examplePluginJar(), jar);
                assertThat(hub.await(GREETINGS, r -> r.statusCode() == 200, WAIT)).isNotNull();
                Files.delete(jar);
                assertThat(hub.await(GREETINGS, r -> r.statusCode() == 404, WAIT)).isNotNull();

                HttpResponse<String> created = hub.upload(example);
                assertThat(created.statusCode()).isEqualTo(201);
                assertThat(hub.await(GREETINGS, r -> r.statusCode() == 200, WAIT)).isNotNull();
                long id = JSON.readTree(created.body()).path("id").asLong();
                assertThat(hub.admin("DELETE", Hub.PLUGINS + "/" + id).statusCode()).isEqualTo(204);
                assertThat(hub.await(GREETINGS, r -> r.statusCode() == 404, WAIT)).isNotNull();
            }
        } finally {
            running.set(false);
            poller.join(10_000);
        }
        assertThat(requests.get()).as("requests made meanwhile").isGreaterThan(20);
        assertThat(failures).as("non-200 answers from other routes").isEmpty();
    }

    private static JsonNode error(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body()).path("error");
    }

    /** The plugins installed at runtime (edition bundles with plugin metadata, like idp.local, are listed too). */
    private static List<JsonNode> plugins() throws IOException {
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(hub.admin("GET", Hub.PLUGINS).body()).path("plugins").forEach(p -> {
            if (p.path("removable").asBoolean()) {
                list.add(p);
            }
        });
        return list;
    }

    private static JsonNode onlyPlugin() throws IOException {
        List<JsonNode> list = plugins();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static Bundle bundleNamed(String bsn) {
        return Arrays.stream(hub.context().getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst().orElse(null);
    }
}
