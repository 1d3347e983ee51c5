package org.csghub.runtime.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.LaunchSpec.ModelSource;
import org.csghub.compute.api.LaunchSpec.Resources;
import org.csghub.compute.api.Observed;
import org.csghub.compute.api.Observed.Phase;
import org.csghub.compute.api.Placement;
import org.csghub.testing.gguf.TinyGguf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real engine processes (the llama-server jar) on a tiny GGUF served by an imitation of the hub's HF routes. */
class LocalComputeRuntimeTest {

    private static final Path JAR = Path.of("../org.csghub.engine.llamacpp.server/target/llama-server.jar")
            .toAbsolutePath().normalize();
    private static final List<String> LLAMA_COMMAND = List.of("{java}", "-jar", "{llama_server_jar}", "--model",
            "{model_file}", "--port", "{port}", "--served-model-name", "{served_model_name}");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;
    private HfRoutes hub;
    private final List<LocalComputeRuntime> runtimes = new ArrayList<>();

    @BeforeEach
    void serveModels() throws IOException {
        assertThat(JAR).as("build org.csghub.engine.llamacpp.server first (mvn -am)").isRegularFile();
        hub = new HfRoutes();
        hub.put("demo/tiny", "tiny.gguf", TinyGguf.write(temp.resolve("tiny.gguf"), 7));
        hub.put("demo/tiny", "README.md", Files.writeString(temp.resolve("README.md"), "# tiny\n"));
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        hub.put("demo/broken", "broken.gguf", Files.write(temp.resolve("broken.gguf"), junk));
    }

    @AfterEach
    void cleanUp() {
        for (LocalComputeRuntime r : runtimes) {
            r.workloads().forEach(r::remove);
            r.close();
        }
        hub.close();
    }

    @Test
    void deploysServesRestartsAfterAKillAndRemoves() throws Exception {
        LocalComputeRuntime runtime = runtime(3, 300);
        List<Observed> seen = record(runtime, "ep-one");
        runtime.apply(spec("ep-one", "demo/tiny", LLAMA_COMMAND));
        runtime.apply(spec("ep-one", "demo/tiny", LLAMA_COMMAND)); // idempotent: still one process

        Observed ready = await(runtime, "ep-one", o -> o.phase() == Phase.READY);
        assertThat(ready.url()).startsWith("http://127.0.0.1:");
        assertThat(hub.lastAuthorization).isEqualTo("Bearer tok-123");
        HttpResponse<String> completion = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ready.url() + "/v1/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"prompt\":\"Hello\",\"max_tokens\":4}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(completion.statusCode()).isEqualTo(200);
        assertThat(completion.body()).contains("choices");
        assertThat(runtime.logs("ep-one", 50)).isNotEmpty();
        assertThat(runtime.workloads()).containsExactly("ep-one");

        long first = runtime.pid("ep-one");
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await(runtime, "ep-one", o -> o.phase() == Phase.READY && runtime.pid("ep-one") != first);
        assertThat(seen).anyMatch(o -> o.phase() == Phase.CRASHED && "ProcessExited".equals(o.reason()));
        long second = runtime.pid("ep-one");

        runtime.remove("ep-one");
        runtime.remove("ep-one"); // idempotent
        assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(runtime.observe("ep-one").phase()).isEqualTo(Phase.ABSENT);
        assertThat(temp.resolve("data/workloads/ep-one")).doesNotExist();
    }

    @Test
    void aChangedSpecRestartsTheEngineAndANewTokenDoesNot() throws Exception {
        LocalComputeRuntime runtime = runtime(3, 300);
        LaunchSpec spec = spec("ep-roll", "demo/tiny", LLAMA_COMMAND);
        runtime.apply(spec);
        await(runtime, "ep-roll", o -> o.phase() == Phase.READY);
        long first = runtime.pid("ep-roll");

        ModelSource m = spec.model();
        runtime.apply(with(spec, new ModelSource(m.hubUrl(), m.repo(), m.revision(), "tok-456", m.servedName())));
        assertThat(runtime.pid("ep-roll")).isEqualTo(first);

        runtime.apply(with(spec, new ModelSource(m.hubUrl(), m.repo(), m.revision(), m.token(), "renamed")));
        await(runtime, "ep-roll", o -> o.phase() == Phase.READY && runtime.pid("ep-roll") != first);
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private static LaunchSpec with(LaunchSpec s, ModelSource model) {
        return new LaunchSpec(s.id(), s.engine(), s.image(), s.arguments(), s.env(), model, s.resources(),
                s.minReplicas(), s.maxReplicas(), s.labels(), s.scheduler());
    }

    @Test
    void aModelThatDoesNotLoadEndsInACrashLoop() throws Exception {
        LocalComputeRuntime runtime = runtime(1, 100);
        List<Observed> seen = record(runtime, "ep-bad");
        runtime.apply(spec("ep-bad", "demo/broken", LLAMA_COMMAND));

        Observed loop = await(runtime, "ep-bad", o -> "CrashLoop".equals(o.reason()));
        assertThat(loop.phase()).isEqualTo(Phase.CRASHED);
        assertThat(loop.message()).contains("exit code 2");
        assertThat(String.join("\n", loop.lastLogLines())).contains("could not be loaded");
        assertThat(seen).anyMatch(o -> o.phase() == Phase.CRASHED && "ProcessExited".equals(o.reason()));
    }

    @Test
    void aSecondRuntimeOnTheSameDataAdoptsTheRunningEngine() throws Exception {
        LocalComputeRuntime before = runtime(3, 300);
        LaunchSpec spec = spec("ep-adopt", "demo/tiny", LLAMA_COMMAND);
        before.apply(spec);
        await(before, "ep-adopt", o -> o.phase() == Phase.READY);
        long pid = before.pid("ep-adopt");
        before.close(); // a hub restart: the engine keeps running
        runtimes.remove(before);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();

        LocalComputeRuntime after = runtime(3, 300);
        assertThat(after.workloads()).containsExactly("ep-adopt");
        await(after, "ep-adopt", o -> o.phase() == Phase.READY);
        after.apply(spec);
        assertThat(after.pid("ep-adopt")).isEqualTo(pid);
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().orElse("").contains("ep-adopt"))).hasSize(1);
    }

    @Test
    void anEngineWithoutLocalCommandIsNotRunnableHere() {
        LocalComputeRuntime runtime = runtime(3, 300);
        runtime.apply(spec("ep-vllm", "demo/tiny", List.of()));
        Observed o = runtime.observe("ep-vllm");
        assertThat(o.phase()).isEqualTo(Phase.FAILED);
        assertThat(o.reason()).isEqualTo("NotRunnableLocally");
        assertThat(o.message()).contains("localCommand");
    }

    @Test
    void withoutTheEngineJarTheEngineIsMissing() throws IOException {
        LocalComputeRuntime runtime = track(new LocalComputeRuntime(new Settings(temp.resolve("data"), "java", null,
                Duration.ofSeconds(30), 3, Duration.ofMillis(100))));
        runtime.apply(spec("ep-nojar", "demo/tiny", LLAMA_COMMAND));
        assertThat(runtime.observe("ep-nojar").reason()).isEqualTo("EngineMissing");
    }

    @Test
    void aModelTheHubDoesNotHaveFailsTheDownload() throws Exception {
        LocalComputeRuntime runtime = runtime(3, 300);
        runtime.apply(spec("ep-missing", "demo/nothing", LLAMA_COMMAND));
        Observed o = await(runtime, "ep-missing", x -> x.phase() == Phase.FAILED);
        assertThat(o.reason()).isEqualTo("ModelDownloadFailed");
        assertThat(o.message()).contains("404").doesNotContain("tok-123");
    }

    private LocalComputeRuntime runtime(int maxRestarts, long backoffMillis) {
        return track(new LocalComputeRuntime(new Settings(temp.resolve("data"), Settings.defaultJava(), JAR,
                Duration.ofSeconds(30), maxRestarts, Duration.ofMillis(backoffMillis))));
    }

    private LocalComputeRuntime track(LocalComputeRuntime runtime) {
        runtimes.add(runtime);
        return runtime;
    }

    private LaunchSpec spec(String id, String repo, List<String> localCommand) {
        EngineDescriptor engine = new EngineDescriptor("llama-cpp", null, null, List.of("gguf"), null, null, 8080,
                "/health", null, "/v1", null, localCommand, null, null, null);
        return new LaunchSpec(id, engine, null, List.of(), Map.of(),
                new ModelSource(hub.url(), repo, "main", "tok-123", "tiny"),
                new Resources(1, 512, Placement.NONE, "cpu"), 1, 1, Map.of(), null);
    }

    /** Every state the runtime announces for {@code id}, read as soon as it is announced. */
    private static List<Observed> record(LocalComputeRuntime runtime, String id) {
        List<Observed> seen = new CopyOnWriteArrayList<>();
        runtime.subscribe(changed -> {
            if (changed.equals(id)) {
                seen.add(runtime.observe(id));
            }
        });
        return seen;
    }

    private static Observed await(LocalComputeRuntime runtime, String id, Predicate<Observed> condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        Observed o = runtime.observe(id);
        while (!condition.test(o)) {
            assertThat(Instant.now()).as("still %s", o).isBefore(deadline);
            Thread.sleep(100);
            o = runtime.observe(id);
        }
        return o;
    }
}
