package org.csghub.runtime.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.csghub.compute.api.ComputeRuntime;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.Observed;
import org.csghub.compute.api.Observed.Phase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} runtime: each workload is an engine process on this host, started from the engine's
 * {@code localCommand}, its output appended to {@code <dataDir>/workloads/<id>/engine.log}.
 *
 * <p>Deactivation stops supervision but leaves the engine processes running: a hub restart (an update, a bundle
 * refresh) should not take every endpoint down. The next activation adopts them from their {@code state.json}.
 * Only {@link #remove} ends a process.
 */
@Component(service = ComputeRuntime.class, immediate = true, configurationPid = LocalRuntimeConfig.PID,
        property = "csghub.runtime=local")
@Designate(ocd = LocalRuntimeConfig.class)
public class LocalComputeRuntime implements ComputeRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalComputeRuntime.class);

    private final Settings settings;
    /** One client for every workload's model downloads and health probes. */
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ModelFetcher fetcher = new ModelFetcher(http);
    private final Map<String, Workload> workloads = new ConcurrentHashMap<>();
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    /** Workloads that failed before they had a supervisor (no local command, no engine jar). */
    private final Map<String, Observed> refused = new ConcurrentHashMap<>();

    @Activate
    public LocalComputeRuntime(LocalRuntimeConfig config) {
        this(Settings.of(config));
    }

    public LocalComputeRuntime(Settings settings) {
        this.settings = settings;
        try {
            Files.createDirectories(settings.workloads());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.workloads(), e);
        }
        adoptRunning();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public synchronized void apply(LaunchSpec spec) {
        String hash = SpecHash.of(spec);
        Workload current = workloads.get(spec.id());
        if (current != null && current.specHash.equals(hash)) {
            current.spec(spec); // an adopted one needs it to restart
            if (current.supervising() || current.observed().phase() != Phase.CRASHED
                    || !"ProcessExited".equals(current.observed().reason())) {
                return;
            }
        }
        try {
            EngineCommand.checkRunnable(spec, settings);
        } catch (WorkloadFailure f) {
            if (current != null) {
                current.kill();
                workloads.remove(spec.id());
            }
            refuse(spec.id(), f);
            return;
        }
        refused.remove(spec.id());
        if (current != null) {
            LOG.info("Workload {}: the spec changed, restarting the engine", spec.id());
            current.kill();
        }
        Workload w = new Workload(spec.id(), dir(spec.id()), spec, hash, settings, http, fetcher,
                this::changed);
        try {
            Files.createDirectories(w.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + w.dir, e);
        }
        workloads.put(spec.id(), w);
        w.start();
    }

    @Override
    public synchronized void remove(String id) {
        Workload w = workloads.remove(id);
        refused.remove(id);
        if (w != null) {
            w.kill();
        } else {
            WorkloadState state = WorkloadState.read(dir(id));
            if (state != null && state.alive()) { // left by an earlier hub and not adopted
                ProcessHandle.of(state.pid()).ifPresent(Workload::terminate);
            }
        }
        deleteTree(dir(id));
        changed(id);
    }

    @Override
    public Observed observe(String id) {
        Workload w = workloads.get(id);
        return w != null ? w.observed() : refused.getOrDefault(id, Observed.absent());
    }

    @Override
    public Set<String> workloads() {
        return Set.copyOf(workloads.keySet());
    }

    @Override
    public List<String> logs(String id, int lines) {
        if (!LaunchSpec.isValidId(id)) {
            return List.of(); // never a path outside the data directory
        }
        return LogTail.last(dir(id).resolve("engine.log"), lines);
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> changed) {
        subscribers.add(changed);
        return () -> subscribers.remove(changed);
    }

    /** The pid of a workload's engine process, if it has one; for tests and diagnostics. */
    Long pid(String id) {
        Workload w = workloads.get(id);
        ProcessHandle h = w == null ? null : w.handle();
        return h == null ? null : h.pid();
    }

    /** Stops supervising; the engines keep running (see the class comment). */
    @Deactivate
    @Override
    public void close() {
        workloads.values().forEach(Workload::stop);
    }

    private void adoptRunning() {
        try (Stream<Path> dirs = Files.list(settings.workloads())) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                WorkloadState state = WorkloadState.read(d);
                String id = d.getFileName().toString();
                if (state != null && state.alive()) {
                    LOG.info("Workload {}: adopting engine pid {} on port {}", id, state.pid(), state.port());
                    Workload w = new Workload(id, d, null, state.specHash(), settings, http, fetcher,
                            this::changed);
                    workloads.put(id, w);
                    w.adopt(state);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}; running engines are not adopted", settings.workloads(), e);
        }
    }

    private void refuse(String id, WorkloadFailure f) {
        Observed before = refused.put(id, new Observed(Phase.FAILED, 0, 0, null, f.reason, f.getMessage(),
                List.of(), Instant.now()));
        if (before == null || !f.reason.equals(before.reason())) {
            changed(id);
        }
    }

    private void changed(String id) {
        for (Consumer<String> s : subscribers) {
            try {
                s.accept(id);
            } catch (RuntimeException e) {
                LOG.warn("A subscriber failed on {}", id, e);
            }
        }
    }

    private Path dir(String id) {
        return settings.workloads().resolve(id);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
