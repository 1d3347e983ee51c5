package org.csghub.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts an edition: works out the settings and directories, installs the edition's bundles into a
 * bundle cache kept under the data directory (a restart of the same build reuses it untouched), starts
 * Felix and stops it cleanly on SIGTERM.
 */
public final class Main {

    /** Location prefix of the bundles the edition brings; plugins installed at runtime have others. */
    static final String EDITION_LOCATION = "csghub:edition/";

    private final Edition edition;
    private final Settings settings;
    /** Bundle-SymbolicName by file name, read once per launch. */
    private final Map<String, String> names = new HashMap<>();

    Main(Edition edition, Settings settings) {
        this.edition = edition;
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        long launched = ManagementFactory.getRuntimeMXBean().getStartTime();
        // what logs through java.util.logging before the SLF4J bridge is installed still gets one line
        System.setProperty("java.util.logging.SimpleFormatter.format",
                "%1$tFT%1$tT.%1$tLZ %4$s [jul] %3$s - %5$s%6$s%n");
        Edition edition = Edition.locate(System.getProperty("csghub.home"));
        Settings settings = load(edition, System.getenv(), System.getProperties());
        Main main = new Main(edition, settings);
        int status = main.run(launched);
        System.exit(status);
    }

    /** Edition defaults (common, then the edition's own), then conf/csghub.properties, then the environment, then -D flags. */
    static Settings load(Edition edition, Map<String, String> env, java.util.Properties system) throws IOException {
        Settings s = new Settings();
        for (String name : Edition.SETTINGS) {
            try (InputStream in = edition.settings(name)) {
                s.layer(in);
            }
        }
        if (edition instanceof Edition.Folder folder) {
            s.set("csghub.home", folder.home().toString());
        }
        Map<String, String> fromEnv = Settings.fromEnvironment(env);
        s.layer(fromEnv).layer(s.overriddenBy(system));
        // conf/ may hold operator overrides; the environment and -D still win over it
        Path conf = Path.of(s.get("csghub.conf.dir", s.get("csghub.data.dir", "csghub-data") + "/conf"));
        s.layer(conf.resolve("csghub.properties")).layer(fromEnv).layer(s.overriddenBy(system));
        s.set("csghub.data.dir", Path.of(s.get("csghub.data.dir", "csghub-data")).toAbsolutePath().toString());
        s.set("csghub.conf.dir", Path.of(s.get("csghub.conf.dir")).toAbsolutePath().toString());
        return s;
    }

    int run(long launched) throws Exception {
        Path data = Path.of(settings.get("csghub.data.dir"));
        Path conf = Path.of(settings.get("csghub.conf.dir"));
        Files.createDirectories(data);
        Files.createDirectories(Path.of(settings.get("csghub.deploy.dir", data.resolve("deploy").toString())));
        seedConf(conf);
        Map<String, String> props = new HashMap<>(settings.resolved());
        props.put(Constants.FRAMEWORK_STORAGE, data.resolve("cache").toString());
        props.putIfAbsent("logback.configurationFile", conf.resolve("logback.xml").toString());
        // logback reads system properties, not framework properties; only logging settings go there, so
        // secrets among the settings (admin token, DB password) stay out of System.getProperties()
        props.forEach((k, v) -> {
            if (k.startsWith("logback.") || k.startsWith("csghub.log.")) {
                System.setProperty(k, v);
            }
        });

        Map<String, Object> config = new HashMap<>(props);
        config.put("felix.log.logger", new FrameworkLog());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> felixConfig = (Map) config; // Felix takes the logger object through the same map
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"))
                .newFramework(felixConfig);
        framework.init();
        if (settings.flag("csghub.startup.trace")) {
            trace(framework.getBundleContext(), launched);
        }
        install(framework.getBundleContext(), data.resolve("cache.build"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "csghub-shutdown"));
        Thread sideLane = startAlongside(framework.getBundleContext());
        framework.start();
        sideLane.join();
        log("info", "csghub started edition=" + settings.get("csghub.edition", "?")
                + " version=" + settings.get("csghub.version", "?")
                + " http.port=" + settings.get("org.osgi.service.http.port", "?")
                + " data=" + data + " startup_ms=" + (System.currentTimeMillis() - launched));
        returnIdleMemory();
        FrameworkEvent stopped = framework.waitForStop(0);
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /**
     * An idle hub should give back the heap its start-up and bursts used. G1's periodic collection and the
     * heap free ratios are manageable flags, so the launcher sets them here; a plain {@code java -jar} can
     * carry no JVM options. {@code csghub.jvm.idle.gc.ms=0} turns this off.
     */
    private void returnIdleMemory() {
        long interval = Long.parseLong(settings.get("csghub.jvm.idle.gc.ms", "0"));
        if (interval <= 0) {
            return;
        }
        try {
            var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (!"true".equals(vm.getVMOption("UseG1GC").getValue())) {
                return;
            }
            vm.setVMOption("MinHeapFreeRatio", settings.get("csghub.jvm.min.heap.free", "10"));
            vm.setVMOption("MaxHeapFreeRatio", settings.get("csghub.jvm.max.heap.free", "30"));
            vm.setVMOption("G1PeriodicGCInterval", Long.toString(interval));
        } catch (RuntimeException e) {
            log("warn", "could not tune idle memory: " + e);
        }
    }

    /** First start of a Lite data directory: write the edition's default configuration for the operator to edit. */
    private void seedConf(Path conf) throws IOException {
        Files.createDirectories(conf);
        for (Edition.Part part : edition.defaultConf()) {
            Path target = conf.resolve(part.name());
            if (!Files.exists(target)) {
                try (InputStream in = part.opener().open()) {
                    Files.copy(in, target);
                }
            }
        }
    }

    /**
     * Installs or updates the edition's bundles unless the cache already holds this very build, and
     * uninstalls edition bundles the build no longer has. Plugins installed at runtime are left alone.
     */
    private void install(BundleContext context, Path marker) throws IOException, BundleException {
        String build = edition.buildId();
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(EDITION_LOCATION)) {
                installed.put(b.getLocation(), b);
            }
        }
        boolean sameBuild = Files.exists(marker)
                && Files.readString(marker, StandardCharsets.UTF_8).equals(build) && !installed.isEmpty();
        List<Bundle> bundles = new ArrayList<>();
        if (sameBuild) {
            bundles.addAll(installed.values());
        } else {
            for (Edition.Part part : ordered(edition.bundles())) {
                String location = EDITION_LOCATION + part.name();
                Bundle existing = installed.remove(location);
                try (InputStream in = part.opener().open()) {
                    if (existing != null) {
                        existing.update(in);
                        bundles.add(existing);
                    } else {
                        bundles.add(context.installBundle(location, in));
                    }
                }
            }
            for (Bundle gone : installed.values()) {
                gone.uninstall();
            }
        }
        applyStartPolicy(bundles);
        if (!sameBuild) {
            Files.writeString(marker, build, StandardCharsets.UTF_8);
        }
    }

    /**
     * Which edition bundles the framework starts, decided at every launch (the settings may have changed
     * while the build did not): the switched ones ({@code csghub.bundles.manual}, e.g. the shell with
     * {@code csghub.shell}) only when switched on, the parallel ones never (see {@link #startAlongside}).
     */
    private void applyStartPolicy(List<Bundle> bundles) throws BundleException {
        List<String> manual = list("csghub.bundles.manual");
        List<String> alongside = list("csghub.bundles.parallel");
        boolean shell = settings.flag("csghub.shell");
        for (Bundle b : bundles) {
            String name = b.getSymbolicName();
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null || name == null) {
                continue;
            }
            boolean switchedOff = manual.contains(name) && !(shell && name.startsWith("org.apache.felix.gogo."));
            if (switchedOff || alongside.contains(name)) {
                b.stop();
            } else {
                b.start();
            }
        }
    }

    /**
     * Starts the bundles named in {@code csghub.bundles.parallel} on a thread of their own while the framework
     * starts the rest. Jetty's activation is a second of class loading on its own; overlapping it with the
     * other bundles takes it off the critical path. The lane waits for the {@code csghub.bundles.first}
     * bundles (logging) so nothing it starts binds SLF4J before logback is there.
     */
    private Thread startAlongside(BundleContext context) {
        List<String> first = list("csghub.bundles.first");
        List<String> alongside = list("csghub.bundles.parallel");
        Thread lane = new Thread(() -> {
            try {
                while (!allActive(context, first)) {
                    Thread.sleep(2);
                }
                for (Bundle b : context.getBundles()) {
                    if (alongside.contains(b.getSymbolicName())) {
                        b.start(Bundle.START_TRANSIENT);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (BundleException | IllegalStateException e) {
                log("error", "starting alongside failed: " + e);
            }
        }, "csghub-start-alongside");
        lane.setDaemon(true);
        lane.start();
        return lane;
    }

    private static boolean allActive(BundleContext context, List<String> names) {
        for (Bundle b : context.getBundles()) {
            if (names.contains(b.getSymbolicName()) && b.getHeaders().get(Constants.FRAGMENT_HOST) == null
                    && b.getState() != Bundle.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    private List<String> list(String key) {
        return List.of(settings.get(key, "").split("\\s*,\\s*"));
    }

    /** Logging first so that every later bundle logs through it; otherwise by name, for a stable order. */
    private List<Edition.Part> ordered(List<Edition.Part> parts) {
        List<String> first = list("csghub.bundles.first");
        List<Edition.Part> head = new ArrayList<>();
        List<Edition.Part> tail = new ArrayList<>();
        for (Edition.Part p : parts) {
            (first.contains(symbolicName(p)) ? head : tail).add(p);
        }
        head.sort((a, b) -> first.indexOf(symbolicName(a)) - first.indexOf(symbolicName(b)));
        head.addAll(tail);
        return head;
    }

    private String symbolicName(Edition.Part part) {
        return names.computeIfAbsent(part.name(), n -> {
            try (JarInputStream jar = new JarInputStream(part.opener().open())) {
                Manifest m = jar.getManifest();
                String bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
                return bsn == null ? n : bsn.split(";")[0].trim();
            } catch (IOException e) {
                return n;
            }
        });
    }

    /** {@code csghub.startup.trace=true}: one line per bundle start with the time since process launch. */
    private static void trace(BundleContext context, long launched) {
        log("info", "trace framework initialised at_ms=" + (System.currentTimeMillis() - launched));
        context.addBundleListener((org.osgi.framework.SynchronousBundleListener) event -> {
            if (event.getType() == org.osgi.framework.BundleEvent.STARTING
                    || event.getType() == org.osgi.framework.BundleEvent.STARTED) {
                log("info", "trace " + (event.getType() == org.osgi.framework.BundleEvent.STARTED ? "started " : "starting ")
                        + event.getBundle().getSymbolicName() + " at_ms=" + (System.currentTimeMillis() - launched));
            }
        });
        context.addServiceListener(event -> {
            if (event.getType() == org.osgi.framework.ServiceEvent.REGISTERED) {
                Object names = event.getServiceReference().getProperty(Constants.OBJECTCLASS);
                log("info", "trace service " + String.join(",", (String[]) names) + " from "
                        + event.getServiceReference().getBundle().getSymbolicName()
                        + " at_ms=" + (System.currentTimeMillis() - launched));
            }
        });
    }

    private static void stop(Framework framework) {
        try {
            if (framework.getState() == Bundle.ACTIVE || framework.getState() == Bundle.STARTING) {
                framework.stop();
                framework.waitForStop(15_000);
            }
        } catch (Exception e) {
            log("error", "shutdown failed: " + e);
        }
    }

    /** The launcher's log lines have the same shape as the runtime's (logback) ones. */
    static void log(String level, String message) {
        System.out.println(Instant.now() + " " + level.toUpperCase() + " [main] org.csghub.launcher - " + message);
    }
}
