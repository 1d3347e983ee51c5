package org.csghub.plugins.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot deploy from a directory: a jar dropped into deploy/ is installed and started, a replaced jar updates
 * its bundle, a deleted jar uninstalls it. Event-driven ({@link WatchService}, inotify on Linux) rather than
 * polled, so a plugin is picked up within the settle time; the directory is also scanned once at start for
 * what changed while the hub was down. A jar still being written is recognised by its incomplete zip
 * directory and waited for.
 */
@Component(configurationPid = PluginsConfig.PID)
public class DeployWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeployWatcher.class);
    /** A jar that is still incomplete after this long is reported and left alone until it changes again. */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final PluginManager plugins;
    private final Path dir;
    private final Settler settler;
    /** When a file that is still being written was first seen, to give up on abandoned copies. */
    private final Map<String, Long> incompleteSince = new HashMap<>();
    private final WatchService watch;
    private final Thread thread;

    @Activate
    public DeployWatcher(@Reference PluginManager plugins, PluginsConfig config) throws IOException {
        this.plugins = plugins;
        this.dir = plugins.deployDir();
        this.settler = new Settler(TimeUnit.MILLISECONDS.toNanos(Math.max(0, config.settleMillis())));
        if (dir == null) {
            LOG.info("No deploy directory configured (csghub.deploy.dir); plugins come only through the admin API");
            this.watch = null;
            this.thread = null;
            return;
        }
        Files.createDirectories(dir);
        this.watch = dir.getFileSystem().newWatchService();
        // registered before the first scan, so nothing that happens during the scan is missed
        dir.register(watch, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        this.thread = new Thread(this::run, "csghub-deploy-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Watching {} for plugin jars", dir);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                LOG.debug("Closing the watch service failed", e);
            }
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void run() {
        try {
            scan();
            while (!Thread.currentThread().isInterrupted()) {
                long wait = settler.nanosUntilNext(System.nanoTime());
                WatchKey key = wait < 0 ? watch.take() : watch.poll(wait, TimeUnit.NANOSECONDS);
                if (key != null) {
                    events(key);
                    if (!key.reset()) {
                        LOG.warn("The deploy directory {} is no longer accessible; hot deploy stopped", dir);
                        return;
                    }
                }
                for (String name : settler.due(System.nanoTime())) {
                    settled(name);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            // deactivated
        } catch (RuntimeException e) {
            LOG.error("The deploy watcher stopped on an unexpected error", e);
        }
    }

    private void events(WatchKey key) {
        long now = System.nanoTime();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                LOG.warn("Too many changes in {} at once; rescanning", dir);
                scan();
                continue;
            }
            String name = event.context().toString();
            if (!DeployPlan.watched(name)) {
                continue;
            }
            if (event.kind() == ENTRY_DELETE) {
                settler.forget(name);
                incompleteSince.remove(name);
                guarded(name, () -> plugins.undeploy(name));
            } else {
                settler.touch(name, now);
            }
        }
    }

    /** A jar has been quiet for the settle time: install or update it once it is complete. */
    private void settled(String name) {
        Path jar = dir.resolve(name);
        if (!Files.isRegularFile(jar)) {
            return;
        }
        if (!JarInspector.complete(jar)) {
            long now = System.nanoTime();
            long since = incompleteSince.computeIfAbsent(name, n -> now);
            if (now - since < GIVE_UP_NANOS) {
                settler.touch(name, now); // look again after another quiet period
            } else {
                LOG.warn("{} is still not a complete jar after {} s; ignored until it changes", jar,
                        TimeUnit.NANOSECONDS.toSeconds(GIVE_UP_NANOS));
                incompleteSince.remove(name);
            }
            return;
        }
        incompleteSince.remove(name);
        guarded(name, () -> plugins.deploy(jar));
    }

    private void scan() {
        Map<String, Long> jars = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> DeployPlan.watched(f.getFileName().toString()) && Files.isRegularFile(f)).forEach(f -> {
                try {
                    jars.put(f.getFileName().toString(), Files.getLastModifiedTime(f).toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot list {}: {}", dir, e.toString());
            return;
        }
        DeployPlan plan = DeployPlan.of(jars, plugins.deployed());
        plan.uninstall().forEach(name -> guarded(name, () -> plugins.undeploy(name)));
        long now = System.nanoTime();
        plan.install().forEach(name -> settler.dueNow(name, now));
        plan.update().forEach(name -> settler.dueNow(name, now));
    }

    /**
     * A refused or failing jar is logged and remembered with its reason (shown by the admin API and the
     * {@code plugins} health check); the watcher carries on with the next one.
     */
    private void guarded(String name, Runnable action) {
        try {
            action.run();
            plugins.notRefused(name);
        } catch (ApiException refused) {
            LOG.warn("Refused plugin jar {}: {}", dir.resolve(name), refused.getMessage());
            plugins.refused(name, refused.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Installing plugin jar {} failed", dir.resolve(name), e);
            plugins.refused(name, e.toString());
        }
    }
}
