package org.csghub.runtime.local.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.Observed;
import org.csghub.compute.api.Observed.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One workload: its engine process and the thread that supervises it (download, launch, readiness, restarts).
 * The thread owns the process's life; {@link #stop} ends supervision without touching the process, {@link #kill}
 * ends the process too.
 */
final class Workload {

    private static final Logger LOG = LoggerFactory.getLogger(Workload.class);
    private static final int LOG_LINES = 20;
    private static final Duration PROBE_EVERY = Duration.ofMillis(200);
    /** After this long ready, a crash counts as the first again rather than one more of a loop. */
    private static final Duration STABLE = Duration.ofMinutes(1);

    final String id;
    final Path dir;
    final String specHash;
    private final Settings settings;
    private final Consumer<String> changed;
    private final HttpClient http;
    private final ModelFetcher fetcher;
    /** {@code null} for an adopted process until the controller applies its spec again. */
    private volatile LaunchSpec spec;
    private volatile Observed observed = new Observed(Phase.PENDING, 0, 1, null, null, null, null, null);
    private volatile ProcessHandle handle;
    /** Set only for processes this JVM started: only those have an exit code. */
    private volatile Process process;
    private volatile Thread thread;
    /** Downloads do not heed interrupts; this keeps a stopped supervisor from launching afterwards. */
    private volatile boolean stopped;

    Workload(String id, Path dir, LaunchSpec spec, String specHash, Settings settings, HttpClient http,
             ModelFetcher fetcher, Consumer<String> changed) {
        this.id = id;
        this.dir = dir;
        this.spec = spec;
        this.specHash = specHash;
        this.settings = settings;
        this.changed = changed;
        this.http = http;
        this.fetcher = fetcher;
    }

    Observed observed() {
        return observed;
    }

    Path log() {
        return dir.resolve("engine.log");
    }

    ProcessHandle handle() {
        return handle;
    }

    /** An adopted workload learns its spec when the controller applies it again; it needs it to restart. */
    void spec(LaunchSpec spec) {
        this.spec = spec;
    }

    boolean supervising() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    void start() {
        begin(null);
    }

    void adopt(WorkloadState state) {
        begin(state);
    }

    private void begin(WorkloadState adopted) {
        Thread t = new Thread(() -> supervise(adopted), "csghub-local-" + id);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Ends supervision (probing, restarting); the process keeps running. */
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops supervision, then the process and its children: politely, then after 10 s forcibly. */
    void kill() {
        stop();
        ProcessHandle h;
        synchronized (this) {
            h = handle;
        }
        if (h != null) {
            terminate(h);
        }
    }

    static void terminate(ProcessHandle h) {
        List<ProcessHandle> children = h.descendants().toList();
        h.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            h.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // forcibly below
        }
        h.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private void supervise(WorkloadState adopted) {
        try {
            int port = adopted == null ? 0 : adopted.port();
            String readiness = adopted == null ? spec.engine().readinessPath() : adopted.readinessPath();
            ProcessHandle h = adopted == null ? null : ProcessHandle.of(adopted.pid()).orElse(null);
            if (h != null) {
                report(Phase.STARTING, 0, null, null, "Adopted engine pid " + h.pid() + " from an earlier hub",
                        List.of());
            }
            int restarts = 0;
            while (true) {
                if (h == null) {
                    LaunchSpec s = spec;
                    if (s == null) { // an adopted process that vanished before its spec was applied again
                        report(Phase.CRASHED, 0, null, "ProcessExited", "The adopted engine is gone; it restarts "
                                + "once the spec is applied again", LogTail.last(log(), LOG_LINES));
                        return;
                    }
                    readiness = s.engine().readinessPath();
                    port = EngineCommand.freePort();
                    h = launch(s, port);
                }
                handle = h;
                Instant readyAt = awaitReady(h, port, readiness);
                if (readyAt != null) {
                    report(Phase.READY, 1, "http://127.0.0.1:" + port, null, "The engine is ready", List.of());
                    h.onExit().get();
                }
                String exit = exitDescription(h);
                if (readyAt != null && Duration.between(readyAt, Instant.now()).compareTo(STABLE) > 0) {
                    restarts = 0;
                }
                restarts++;
                if (spec == null || restarts > settings.maxRestarts()) {
                    report(Phase.CRASHED, 0, null, spec == null ? "ProcessExited" : "CrashLoop",
                            "The engine exited (" + exit + ")" + (spec == null ? "; it restarts once the spec is "
                            + "applied again" : " and was restarted " + settings.maxRestarts() + " times; not again"),
                            LogTail.last(log(), LOG_LINES));
                    return;
                }
                report(Phase.CRASHED, 0, null, "ProcessExited", "The engine exited (" + exit + "); restart "
                        + restarts + " of " + settings.maxRestarts(), LogTail.last(log(), LOG_LINES));
                Thread.sleep(settings.backoffBase().toMillis() << Math.min(restarts - 1, 20));
                h = null;
                process = null;
            }
        } catch (InterruptedException e) {
            // stopped: the process, if any, is left to whoever stopped us
        } catch (WorkloadFailure f) {
            report(Phase.FAILED, 0, null, f.reason, f.getMessage(), f.lastLogLines);
        } catch (IOException | ExecutionException | RuntimeException e) {
            LOG.warn("Workload {} failed", id, e);
            report(Phase.FAILED, 0, null, "RuntimeError", e.toString(), LogTail.last(log(), LOG_LINES));
        }
    }

    /** Downloads the model (again, where files changed), renders the command and starts it. */
    private ProcessHandle launch(LaunchSpec s, int port) throws WorkloadFailure, InterruptedException, IOException {
        report(Phase.PENDING, 0, null, null, "Fetching the model " + s.model().repo(), List.of());
        Path modelDir = dir.resolve("model");
        fetcher.fetch(s.model(), modelDir);
        Path modelFile = ModelFetcher.firstGguf(modelDir);
        if (modelFile == null) {
            throw new WorkloadFailure("NoModelFile", "The model " + s.model().repo() + "@" + s.model().revision()
                    + " has no .gguf file");
        }
        List<String> command = EngineCommand.render(s, settings, modelDir, modelFile, port);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().putAll(s.engine().env());
        pb.environment().putAll(s.env());
        Process p;
        synchronized (this) { // against kill() reading the handle between start and assignment
            if (stopped || Thread.interrupted()) {
                throw new InterruptedException();
            }
            p = pb.start();
            process = p;
            handle = p.toHandle();
        }
        LOG.info("Workload {}: started engine {} as pid {} on port {}", id, s.engine().name(), p.pid(), port);
        new WorkloadState(p.pid(), port, specHash, System.currentTimeMillis(), s.engine().readinessPath(),
                modelDir.toAbsolutePath().toString()).write(dir);
        report(Phase.STARTING, 0, null, null, "The engine loads the model", List.of());
        return p.toHandle();
    }

    /** When it became ready; {@code null} when it exited first. Past the health timeout it is killed: FAILED. */
    private Instant awaitReady(ProcessHandle h, int port, String path) throws WorkloadFailure, InterruptedException {
        Instant deadline = Instant.now().plus(settings.healthTimeout());
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (h.isAlive()) {
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Instant.now();
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                terminate(h);
                throw new WorkloadFailure("HealthTimeout", "The engine was not ready at " + path + " within "
                        + settings.healthTimeout().toSeconds() + " s and was stopped", LogTail.last(log(), LOG_LINES));
            }
            Thread.sleep(PROBE_EVERY.toMillis());
        }
        return null;
    }

    private String exitDescription(ProcessHandle h) throws InterruptedException {
        Process p = process;
        if (p != null && p.pid() == h.pid()) {
            return "exit code " + p.waitFor();
        }
        return "exit code unknown: the process was adopted from an earlier hub";
    }

    private void report(Phase phase, int ready, String url, String reason, String message, List<String> lines) {
        Observed before = observed;
        observed = new Observed(phase, ready, 1, url, reason, message, lines, Instant.now());
        if (before.phase() != phase || !Objects.equals(before.reason(), reason)) {
            LOG.info("Workload {}: {}{} - {}", id, phase, reason == null ? "" : " (" + reason + ")", message);
            changed.accept(id);
        }
    }
}
