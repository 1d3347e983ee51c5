package org.csghub.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.csghub.rest.ApiException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, starts, stops and removes plugin bundles, and describes them. Shared by the admin API and the
 * deploy/ watcher. A jar that is not a bundle or does not resolve is refused and leaves nothing installed;
 * a plugin that fails to start stays installed and is reported with the reason.
 *
 * <p>Plugins get framework locations of their own ({@value #DEPLOY}{@code <file>} or
 * {@value #UPLOAD}{@code <symbolic name>}), which is how the edition's bundles ({@value #EDITION}...) are
 * told apart and protected. The framework's bundle cache persists them, so they survive a restart.
 */
@Component(service = PluginManager.class, configurationPid = PluginsConfig.PID)
@Designate(ocd = PluginsConfig.class)
public class PluginManager {

    static final String DEPLOY = "csghub:deploy/";
    static final String UPLOAD = "csghub:upload/";
    static final String EDITION = "csghub:edition/";

    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);
    /** Capabilities every bundle has; listing them says nothing about what a plugin provides. */
    private static final Set<String> IDENTITY_NAMESPACES =
            Set.of("osgi.identity", "osgi.wiring.bundle", "osgi.wiring.host");

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final FrameworkWiring wiring;
    /** Why a plugin's last start failed, by bundle id; cleared by a successful start. */
    private final Map<Long, String> startFailures = new ConcurrentHashMap<>();
    /** Jars in deploy/ that were refused, with the reason, until they change or go away. */
    private final Map<String, String> refusedDeploys = new ConcurrentHashMap<>();
    /** Installs, updates and removals happen one at a time, whether from the API or from deploy/. */
    private final Object changes = new Object();

    private final Path deployDir;

    @Activate
    public PluginManager(BundleContext context, @Reference ServiceComponentRuntime scr, PluginsConfig config) {
        this.context = context;
        this.scr = scr;
        this.wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        String dir = config.deployDir().isBlank() ? context.getProperty(PluginsConfig.DEPLOY_DIR_PROPERTY) : config.deployDir();
        this.deployDir = dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath();
    }

    // ---- queries

    List<PluginView> list() {
        List<PluginView> views = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (isPlugin(b)) {
                PluginView view = view(b);
                if (view != null) {
                    views.add(view);
                }
            }
        }
        views.sort(Comparator.comparingLong(PluginView::id));
        return views;
    }

    PluginView get(long id) {
        Bundle b = context.getBundle(id);
        PluginView view = b != null && isPlugin(b) ? view(b) : null;
        if (view == null) {
            throw ApiException.notFound("No plugin with id " + id);
        }
        return view;
    }

    /** Bundles installed from deploy/, by file name, with the time they were last installed or updated. */
    Map<String, Long> deployed() {
        Map<String, Long> deployed = new LinkedHashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(DEPLOY)) {
                deployed.put(b.getLocation().substring(DEPLOY.length()), b.getLastModified());
            }
        }
        return deployed;
    }

    // ---- changes

    /** {@code POST /api/v1/admin/plugins}: one bundle per symbolic name; replacing means DELETE first. */
    PluginView upload(Path jar) {
        JarInspector.BundleJar identity = JarInspector.inspect(jar);
        synchronized (changes) {
            Bundle same = bySymbolicName(identity.symbolicName());
            if (same != null) {
                throw ApiException.conflict("A bundle named " + identity.symbolicName() + " is already installed (id "
                        + same.getBundleId() + ", version " + same.getVersion() + "); uninstall it first");
            }
            return view(install(UPLOAD + identity.symbolicName(), jar));
        }
    }

    /** A jar appeared or changed in deploy/: install it, or update the bundle installed from it. */
    PluginView deploy(Path jar) {
        String location = DEPLOY + jar.getFileName();
        JarInspector.BundleJar identity = JarInspector.inspect(jar);
        synchronized (changes) {
            Bundle existing = context.getBundle(location);
            if (existing != null) {
                return view(update(existing, jar));
            }
            Bundle same = bySymbolicName(identity.symbolicName());
            if (same != null) {
                throw ApiException.conflict("A bundle named " + identity.symbolicName()
                        + " is already installed from " + same.getLocation());
            }
            return view(install(location, jar));
        }
    }

    /** A jar was deleted from deploy/: uninstall what it brought. Returns false when nothing came from it. */
    /** Records why a jar in deploy/ was refused, so the API and health can show it, not only the log. */
    void refused(String fileName, String reason) {
        refusedDeploys.put(fileName, reason);
    }

    /** The jar was installed after all, changed, or left deploy/. */
    void notRefused(String fileName) {
        refusedDeploys.remove(fileName);
    }

    /** Refused deploy/ jars by file name, with the reason. */
    Map<String, String> refusedDeploys() {
        return Map.copyOf(refusedDeploys);
    }

    boolean undeploy(String fileName) {
        synchronized (changes) {
            Bundle b = context.getBundle(DEPLOY + fileName);
            if (b == null) {
                return false;
            }
            uninstall(b);
            return true;
        }
    }

    PluginView start(long id) {
        Bundle b = removable(id);
        synchronized (changes) {
            if (!start(b)) {
                throw new ApiException(409, "start_failed", "The plugin did not start: " + startFailures.get(id),
                        Map.of("id", id));
            }
        }
        return view(b);
    }

    PluginView stop(long id) {
        Bundle b = removable(id);
        synchronized (changes) {
            try {
                b.stop();
            } catch (BundleException e) {
                throw new ApiException(409, "stop_failed", "The plugin did not stop cleanly: " + Failures.describe(e));
            }
        }
        return view(b);
    }

    /** Uninstalls the plugin; a jar in deploy/ that brought it is deleted too, or the next start would bring it back. */
    void remove(long id) {
        Bundle b = removable(id);
        synchronized (changes) {
            uninstall(b);
        }
        if (b.getLocation().startsWith(DEPLOY) && deployDir != null) {
            Path jar = deployDir.resolve(b.getLocation().substring(DEPLOY.length()));
            try {
                Files.deleteIfExists(jar);
            } catch (IOException e) {
                LOG.warn("Uninstalled plugin {} but could not delete {}: {}", b.getSymbolicName(), jar, e.toString());
            }
        }
    }

    /** The watched directory, or null when hot deploy from a directory is off. */
    Path deployDir() {
        return deployDir;
    }

    // ---- framework work

    private Bundle install(String location, Path jar) {
        Bundle b;
        try (InputStream in = Files.newInputStream(jar)) {
            b = context.installBundle(location, in);
        } catch (BundleException e) {
            int status = e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR ? 409 : 400;
            throw new ApiException(status, "invalid_bundle", "The framework refused the bundle: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> missing = unresolved(b);
        if (!missing.isEmpty()) {
            String reason = resolveFailure(b);
            uninstallQuietly(b);
            throw new ApiException(422, "unresolved",
                    "The bundle does not resolve, so it was not installed: " + reason,
                    Map.of("requirements", missing));
        }
        start(b);
        LOG.info("Installed plugin {} {} id={} from {} state={}", b.getSymbolicName(), b.getVersion(),
                b.getBundleId(), location, stateName(b.getState()));
        return b;
    }

    private Bundle update(Bundle b, Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            b.update(in);
        } catch (BundleException e) {
            startFailures.put(b.getBundleId(), Failures.describe(e));
            LOG.warn("Updating plugin {} from {} failed: {}", b.getSymbolicName(), jar, Failures.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // drop the old revision now, so the new classes are the only ones in use
        refresh(List.of(b), true);
        if (!unresolved(b).isEmpty()) {
            startFailures.put(b.getBundleId(), "Does not resolve after the update: " + resolveFailure(b));
        } else if (b.getState() != Bundle.ACTIVE) {
            start(b);
        }
        LOG.info("Updated plugin {} {} id={} state={}", b.getSymbolicName(), b.getVersion(), b.getBundleId(),
                stateName(b.getState()));
        return b;
    }

    private boolean start(Bundle b) {
        if (isFragment(b)) {
            return true;
        }
        try {
            b.start();
            startFailures.remove(b.getBundleId());
            return true;
        } catch (BundleException | RuntimeException e) {
            String reason = Failures.describe(e);
            startFailures.put(b.getBundleId(), reason);
            LOG.warn("Plugin {} id={} failed to start: {}", b.getSymbolicName(), b.getBundleId(), reason);
            return false;
        }
    }

    private void uninstall(Bundle b) {
        try {
            b.uninstall();
        } catch (BundleException e) {
            throw new ApiException(409, "uninstall_failed", "The plugin could not be uninstalled: " + e.getMessage());
        }
        startFailures.remove(b.getBundleId());
        refresh(List.of(b), false);
        LOG.info("Uninstalled plugin {} id={}", b.getSymbolicName(), b.getBundleId());
    }

    private void uninstallQuietly(Bundle b) {
        try {
            b.uninstall();
            refresh(List.of(b), false);
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Could not remove refused bundle id={}: {}", b.getBundleId(), e.toString());
        }
    }

    /** The mandatory requirements no installed bundle can satisfy; empty when the bundle resolves. */
    private List<String> unresolved(Bundle b) {
        if (wiring.resolveBundles(List.of(b))) {
            return List.of();
        }
        BundleRevision revision = b.adapt(BundleRevision.class);
        List<String> missing = new ArrayList<>();
        if (revision != null) {
            for (Requirement r : revision.getRequirements(null)) {
                boolean optional = Namespace.RESOLUTION_OPTIONAL.equals(r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
                if (!optional && wiring.findProviders(r).isEmpty()) {
                    missing.add(r.getNamespace() + "; " + r.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, ""));
                }
            }
        }
        if (missing.isEmpty()) {
            // satisfiable one by one but not together: the resolver's message (resolveFailure) says why
            missing.add("a uses constraint or singleton conflict");
        }
        return missing;
    }

    /** The framework's own explanation of why the bundle does not resolve (Felix names the requirement). */
    private String resolveFailure(Bundle b) {
        if (isFragment(b)) {
            return "fragment host " + b.getHeaders().get(Constants.FRAGMENT_HOST) + " is not installed or does not match";
        }
        try {
            b.start(Bundle.START_TRANSIENT);
            b.stop(Bundle.STOP_TRANSIENT);
            return "it resolved on a second attempt";
        } catch (BundleException | RuntimeException e) {
            return e.getMessage();
        }
    }

    private void refresh(Collection<Bundle> bundles, boolean await) {
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> done.countDown());
        if (await) {
            try {
                if (!done.await(30, TimeUnit.SECONDS)) {
                    LOG.warn("Refreshing {} took longer than 30 s", bundles);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- describing

    private Bundle removable(long id) {
        Bundle b = context.getBundle(id);
        if (b == null || !isPlugin(b)) {
            throw ApiException.notFound("No plugin with id " + id);
        }
        if (!managed(b)) {
            throw new ApiException(403, "not_removable", "Bundle " + b.getSymbolicName()
                    + " is part of the edition; only plugins installed through deploy/ or this API can be changed here");
        }
        return b;
    }

    private Bundle bySymbolicName(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    static boolean managed(Bundle b) {
        return b.getLocation().startsWith(DEPLOY) || b.getLocation().startsWith(UPLOAD);
    }

    private static boolean isPlugin(Bundle b) {
        return b.getBundleId() != 0 && (managed(b) || PluginMetadata.of(b).declared());
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    /** Null when the bundle went away while being described. */
    private PluginView view(Bundle b) {
        try {
            PluginMetadata meta = PluginMetadata.of(b);
            List<PluginView.ComponentView> components = components(b);
            return new PluginView(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), meta.name(),
                    meta.description(), meta.vendor(), meta.category(), stateName(b.getState()), source(b), managed(b),
                    services(b), capabilities(b), components, failure(b, components));
        } catch (IllegalStateException uninstalled) {
            return null;
        }
    }

    private String failure(Bundle b, List<PluginView.ComponentView> components) {
        String started = startFailures.get(b.getBundleId());
        if (started != null && b.getState() != Bundle.ACTIVE) {
            return started;
        }
        if (b.getState() == Bundle.INSTALLED) {
            return "Not resolved: " + String.join(", ", unresolved(b));
        }
        BundleStartLevel level = b.adapt(BundleStartLevel.class);
        if (!isFragment(b) && b.getState() == Bundle.RESOLVED && level != null && level.isPersistentlyStarted()) {
            return started != null ? started : "Marked to start but not active";
        }
        for (PluginView.ComponentView c : components) {
            if ("failed-activation".equals(c.state())) {
                return "Component " + c.name() + " failed to activate: " + c.detail();
            }
        }
        return null;
    }

    private List<PluginView.ComponentView> components(Bundle b) {
        List<PluginView.ComponentView> views = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(b)) {
            if (!scr.isComponentEnabled(description)) {
                views.add(new PluginView.ComponentView(description.name, "disabled", null));
                continue;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                views.add(new PluginView.ComponentView(description.name, "unsatisfied-configuration",
                        "waiting for configuration " + String.join(", ", description.configurationPid)));
            }
            for (ComponentConfigurationDTO c : configurations) {
                views.add(new PluginView.ComponentView(description.name, componentState(c.state), detail(c)));
            }
        }
        return views;
    }

    private static String detail(ComponentConfigurationDTO c) {
        if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
            return Failures.summarize(c.failure);
        }
        if (c.unsatisfiedReferences != null && c.unsatisfiedReferences.length > 0) {
            List<String> waiting = new ArrayList<>();
            for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                waiting.add(r.name + " (" + r.target + ")");
            }
            return "waiting for " + String.join(", ", waiting);
        }
        return null;
    }

    private static List<String> services(Bundle b) {
        Set<String> names = new TreeSet<>();
        ServiceReference<?>[] registered = b.getRegisteredServices();
        if (registered != null) {
            for (ServiceReference<?> ref : registered) {
                Object classes = ref.getProperty(Constants.OBJECTCLASS);
                if (classes instanceof String[] array) {
                    names.addAll(Arrays.asList(array));
                }
            }
        }
        return List.copyOf(names);
    }

    private static List<String> capabilities(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) {
            return List.of();
        }
        List<String> capabilities = new ArrayList<>();
        for (Capability c : revision.getCapabilities(null)) {
            if (!IDENTITY_NAMESPACES.contains(c.getNamespace())) {
                capabilities.add(describe(c));
            }
        }
        return capabilities;
    }

    static String describe(Capability c) {
        Map<String, Object> attributes = c.getAttributes();
        Object main = attributes.get(c.getNamespace());
        if (main == null) {
            main = attributes.get(Constants.OBJECTCLASS);
        }
        if (main instanceof Collection<?> values) {
            main = String.join(",", values.stream().map(String::valueOf).toList());
        }
        Object version = attributes.get("version");
        return c.getNamespace() + ": " + (main != null ? main : attributes) + (version != null ? " " + version : "");
    }

    private static String source(Bundle b) {
        String location = b.getLocation();
        if (location.startsWith(DEPLOY)) {
            return "deploy";
        }
        if (location.startsWith(UPLOAD)) {
            return "upload";
        }
        return location.startsWith(EDITION) ? "edition" : "other";
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "uninstalled";
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "unknown";
        };
    }

    static String componentState(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "unsatisfied-configuration";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "unsatisfied-reference";
            case ComponentConfigurationDTO.SATISFIED -> "satisfied";
            case ComponentConfigurationDTO.ACTIVE -> "active";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed-activation";
            default -> "unknown";
        };
    }
}
