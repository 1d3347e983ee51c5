package org.csghub.runtime.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.csghub.compute.api.ComputeRuntime;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Observed;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} runtime: a workload is a Deployment, a ClusterIP Service and, when it may scale, a
 * HorizontalPodAutoscaler; or, where Knative Serving is used, one Knative Service. A workload's read token is a
 * Secret. {@link #observe} reads informer caches (Deployments, Pods, Knative Services of this hub, selected by the
 * {@code app.kubernetes.io/managed-by=csghub} label), so the controller may call it as often as it likes.
 *
 * <p>The component needs its configuration ({@code conf/org.csghub.runtime.kubernetes.cfg}); without one it is
 * not activated and an edition runs without a cluster.
 */
@Component(service = ComputeRuntime.class, immediate = true, configurationPid = KubernetesRuntimeConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "csghub.runtime=kubernetes")
@Designate(ocd = KubernetesRuntimeConfig.class)
public class KubernetesComputeRuntime implements ComputeRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesComputeRuntime.class);
    private static final long RESYNC_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final String BY_WORKLOAD = "workload";
    static final ResourceDefinitionContext KNATIVE_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("serving.knative.dev").withVersion("v1").withKind("Service").withPlural("services")
            .withNamespaced(true).build();

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final Settings settings;
    private final Manifests manifests;
    private final boolean knative;
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<GenericKubernetesResource> knativeServices;
    private final SharedIndexInformer<Node> nodes;
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    /** Log tails of failed containers, fetched once per container run when a failure shows up. */
    private final Map<String, List<String>> failureLogs = new ConcurrentHashMap<>();
    /** The last phase per workload, for {@link Observed#since()}. */
    private final Map<String, Observed> last = new ConcurrentHashMap<>();
    private final ExecutorService logFetcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "csghub-k8s-logs");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public KubernetesComputeRuntime(KubernetesRuntimeConfig config) {
        this(newClient(config.masterUrl()), true, Settings.of(config));
    }

    /**
     * @param ownsClient whether {@link #close} closes the client
     */
    public KubernetesComputeRuntime(KubernetesClient client, boolean ownsClient, Settings settings) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        this.manifests = new Manifests(settings);
        this.knative = switch (settings.knative()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> knativeServed(client);
        };
        String ns = settings.namespace();
        LOG.info("Kubernetes runtime on {} namespace {}{}", client.getMasterUrl(), ns,
                knative ? " with Knative Serving" : "");
        deployments = start("Deployments", client.apps().deployments().inNamespace(ns)
                .withLabel(Manifests.MANAGED_BY, Manifests.MANAGER).runnableInformer(RESYNC_MILLIS));
        pods = client.pods().inNamespace(ns).withLabel(Manifests.MANAGED_BY, Manifests.MANAGER)
                .runnableInformer(RESYNC_MILLIS);
        pods.addIndexers(Map.of(BY_WORKLOAD, p -> List.of(workloadOf(p))));
        start("Pods", pods);
        knativeServices = knative ? start("Knative Services", client.genericKubernetesResources(KNATIVE_SERVICE)
                .inNamespace(ns).withLabel(Manifests.MANAGED_BY, Manifests.MANAGER).runnableInformer(RESYNC_MILLIS))
                : null;
        // for accelerator offers; a runtime without the right to list nodes simply offers none
        nodes = client.nodes().runnableInformer(RESYNC_MILLIS);
        AtomicBoolean nodesWarned = new AtomicBoolean();
        nodes.exceptionHandler((started, t) -> {
            boolean forbidden = t instanceof KubernetesClientException k && k.getCode() == 403;
            if (forbidden) {
                LOG.info("This runtime may not list nodes; no accelerator offers from this cluster");
            } else if (!nodesWarned.getAndSet(true)) {
                LOG.info("Cannot list nodes yet ({}); retrying", t.toString());
            }
            return !forbidden;
        });
        nodes.start();
    }

    private <T extends HasMetadata> SharedIndexInformer<T> start(String what, SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                changed(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed(obj);
            }
        });
        AtomicBoolean warned = new AtomicBoolean();
        informer.exceptionHandler((started, t) -> {
            if (!warned.getAndSet(true)) { // once per runtime: the client retries with backoff for as long as it takes
                LOG.warn("Watching {} failed ({}); retrying", what, t.toString());
            } else {
                LOG.debug("Watching {} failed again ({})", what, t.toString());
            }
            return true;
        });
        informer.start();
        return informer;
    }

    static KubernetesClient newClient(String masterUrl) {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        // the client builder looks up its implementation through the context class loader first
        Thread.currentThread().setContextClassLoader(KubernetesComputeRuntime.class.getClassLoader());
        try {
            Config config = masterUrl == null || masterUrl.isBlank() ? Config.autoConfigure(null)
                    : new ConfigBuilder(Config.autoConfigure(null)).withMasterUrl(masterUrl).build();
            return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                    .build();
        } finally {
            Thread.currentThread().setContextClassLoader(tccl);
        }
    }

    private static boolean knativeServed(KubernetesClient client) {
        try {
            // API discovery: does the cluster serve serving.knative.dev/v1 services?
            var resources = client.getApiResources(Manifests.KNATIVE_API);
            return resources != null && resources.getResources() != null && resources.getResources().stream()
                    .anyMatch(r -> "services".equals(r.getName()) && "Service".equals(r.getKind()));
        } catch (KubernetesClientException e) {
            LOG.info("Cannot tell whether Knative Serving is installed ({}); not using it", e.getMessage());
            return false;
        }
    }

    /** Whether workloads become Knative Services. */
    boolean knative() {
        return knative;
    }

    /** Whether every informer has its first list; for tests. */
    boolean synced() {
        return deployments.hasSynced() && pods.hasSynced() && (knativeServices == null || knativeServices.hasSynced());
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public void apply(LaunchSpec spec) {
        String ns = settings.namespace();
        String token = spec.model().token();
        if (token != null && !token.isBlank()) {
            applySecret(manifests.secret(spec));
        } else {
            client.secrets().inNamespace(ns).withName(Manifests.secretName(spec.id())).delete();
        }
        if (knative) {
            upsert(client.genericKubernetesResources(KNATIVE_SERVICE).inNamespace(ns), manifests.knativeService(spec));
            deleteAll(spec.id(), false); // a workload of this runtime from before Knative was used
        } else {
            upsert(client.apps().deployments().inNamespace(ns), manifests.deployment(spec));
            Service svc = manifests.service(spec);
            Service current = client.services().inNamespace(ns).withName(spec.id()).get();
            if (current != null && current.getSpec() != null) { // the cluster IP cannot change
                svc.getSpec().setClusterIP(current.getSpec().getClusterIP());
                svc.getSpec().setClusterIPs(current.getSpec().getClusterIPs());
            }
            upsert(client.services().inNamespace(ns), svc);
            HorizontalPodAutoscaler hpa = manifests.hpa(spec);
            if (hpa != null) {
                upsert(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns), hpa);
            } else {
                client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName(spec.id()).delete();
            }
        }
    }

    /**
     * Creates the object, or replaces it when what the runtime wrote last (its hash annotation) differs. Another
     * hub replica may apply the same workload at the same moment: a conflict (409: it exists now, or it changed
     * since it was read) is read again and retried.
     */
    private <T extends HasMetadata, L, R extends Resource<T>> void upsert(NonNamespaceOperation<T, L, R> op,
                                                                          T desired) {
        retryOnConflict(() -> upsertOnce(op, desired));
    }

    private static void retryOnConflict(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 3) {
                    throw e;
                }
                LOG.debug("Conflict ({}); reading again", e.getMessage());
            }
        }
    }

    private <T extends HasMetadata, L, R extends Resource<T>> void upsertOnce(NonNamespaceOperation<T, L, R> op,
                                                                              T desired) {
        T current = op.withName(desired.getMetadata().getName()).get();
        String hash = desired.getMetadata().getAnnotations().get(Manifests.HASH);
        if (current == null) {
            op.resource(desired).create();
            return;
        }
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        if (annotations != null && hash.equals(annotations.get(Manifests.HASH))) {
            return;
        }
        desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        op.resource(desired).update();
    }

    private void applySecret(Secret desired) {
        retryOnConflict(() -> applySecretOnce(desired));
    }

    private void applySecretOnce(Secret desired) {
        var op = client.secrets().inNamespace(settings.namespace());
        Secret current = op.withName(desired.getMetadata().getName()).get();
        String token = desired.getStringData().get(Manifests.TOKEN_KEY);
        if (current == null) {
            op.resource(desired).create();
            return;
        }
        String stored = current.getData() == null || current.getData().get(Manifests.TOKEN_KEY) == null
                ? current.getStringData() == null ? null : current.getStringData().get(Manifests.TOKEN_KEY)
                : new String(Base64.getDecoder().decode(current.getData().get(Manifests.TOKEN_KEY)),
                StandardCharsets.UTF_8);
        if (!token.equals(stored)) { // a renewed token changes the Secret only: the pods keep running
            desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            op.resource(desired).update();
        }
    }

    @Override
    public void remove(String id) {
        if (knative) { // first, so that Knative does not recreate what it owns
            deleteLabelled(client.genericKubernetesResources(KNATIVE_SERVICE).inNamespace(settings.namespace())
                    .withLabels(Manifests.selector(id)).list().getItems(), true,
                    r -> client.genericKubernetesResources(KNATIVE_SERVICE).inNamespace(settings.namespace())
                            .withName(r.getMetadata().getName()).delete());
        }
        deleteAll(id, true);
        failureLogs.keySet().removeIf(k -> k.startsWith(id + "/"));
        last.remove(id);
        notify(id);
    }

    /**
     * Deletes the workload's HPA, Deployment and Service (and, with {@code all}, its Secret and what Knative made
     * of it) found by their labels. Without {@code all} only what this runtime created itself goes: objects that
     * Knative owns for a Knative Service carry the same labels (they come from its template) and stay.
     */
    private void deleteAll(String id, boolean all) {
        String ns = settings.namespace();
        Map<String, String> selector = Manifests.selector(id);
        deleteLabelled(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withLabels(selector)
                .list().getItems(), all, r -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns)
                .withName(r.getMetadata().getName()).delete());
        deleteLabelled(client.apps().deployments().inNamespace(ns).withLabels(selector).list().getItems(), all,
                r -> client.apps().deployments().inNamespace(ns).withName(r.getMetadata().getName()).delete());
        deleteLabelled(client.services().inNamespace(ns).withLabels(selector).list().getItems().stream()
                        .filter(s -> s.getApiVersion() == null || "v1".equals(s.getApiVersion())).toList(), all,
                r -> client.services().inNamespace(ns).withName(r.getMetadata().getName()).delete());
        if (all) {
            deleteLabelled(client.secrets().inNamespace(ns).withLabels(selector).list().getItems(), true,
                    r -> client.secrets().inNamespace(ns).withName(r.getMetadata().getName()).delete());
        }
    }

    private static <T extends HasMetadata> void deleteLabelled(List<T> items, boolean owned, Consumer<T> delete) {
        items.stream().filter(r -> owned || r.getMetadata().getOwnerReferences() == null
                || r.getMetadata().getOwnerReferences().isEmpty()).forEach(delete);
    }

    @Override
    public Observed observe(String id) {
        String key = settings.namespace() + "/" + id;
        List<Pod> workloadPods = pods.getIndexer().byIndex(BY_WORKLOAD, id);
        Observed now;
        GenericKubernetesResource ksvc = knativeServices == null ? null : knativeServices.getStore().getByKey(key);
        Deployment deployment = deployments.getStore().getByKey(key);
        if (ksvc != null) {
            now = States.ofKnative(ksvc, workloadPods, f -> failureLogs.get(id + "/" + f.logKey()));
        } else if (deployment != null) {
            now = States.ofDeployment(deployment, workloadPods, url(id, deployment), f -> failureLogs.get(id + "/" + f.logKey()));
        } else {
            last.remove(id);
            return Observed.absent();
        }
        Observed before = last.get(id);
        if (before != null && before.phase() == now.phase() && Objects.equals(before.reason(), now.reason())) {
            now = new Observed(now.phase(), now.readyReplicas(), now.replicas(), now.url(), now.reason(),
                    now.message(), now.lastLogLines(), before.since());
        }
        last.put(id, now);
        return now;
    }

    private String url(String id, Deployment d) {
        int port = d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> Manifests.ENGINE.equals(c.getName())).flatMap(c -> c.getPorts().stream())
                .map(p -> p.getContainerPort()).findFirst().orElse(80);
        return "http://" + id + "." + settings.namespace() + ".svc:" + port;
    }

    @Override
    public Set<String> workloads() {
        Set<String> ids = new TreeSet<>();
        deployments.getStore().list().forEach(d -> ids.add(workloadOf(d)));
        if (knativeServices != null) {
            knativeServices.getStore().list().forEach(k -> ids.add(workloadOf(k)));
        }
        ids.remove("");
        return ids;
    }

    @Override
    public List<String> logs(String id, int lines) {
        Pod pod = pods.getIndexer().byIndex(BY_WORKLOAD, id).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .min(Comparator.comparing(p -> p.getMetadata().getName())).orElse(null);
        if (pod == null || lines <= 0) {
            return List.of();
        }
        // until the engine has started, what there is to read is the model download's log
        boolean engineStarted = pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream().anyMatch(s -> Manifests.ENGINE.equals(s.getName())
                && (s.getState() != null && s.getState().getWaiting() == null
                || s.getRestartCount() != null && s.getRestartCount() > 0));
        return tail(pod.getMetadata().getName(), engineStarted ? Manifests.ENGINE : Manifests.INIT, false, lines);
    }

    private List<String> tail(String pod, String container, boolean previous, int lines) {
        try {
            // no waiting for the pod to become ready: a failing pod never will
            var log = client.pods().inNamespace(settings.namespace()).withName(pod).inContainer(container)
                    .withReadyWaitTimeout(0);
            String text = (previous ? log.terminated() : log).tailingLines(lines).getLog();
            return States.lines(text);
        } catch (KubernetesClientException e) {
            LOG.debug("No log of {}/{}: {}", pod, container, e.getMessage());
            return List.of();
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> changed) {
        subscribers.add(changed);
        return () -> subscribers.remove(changed);
    }

    /** The cluster's nodes with their labels and allocatable resources, from the node informer. */
    @Override
    public List<NodeInfo> nodes() {
        List<NodeInfo> out = new ArrayList<>();
        for (Node n : nodes.getStore().list()) {
            Map<String, String> allocatable = new java.util.TreeMap<>();
            if (n.getStatus() != null && n.getStatus().getAllocatable() != null) {
                n.getStatus().getAllocatable().forEach((k, v) -> allocatable.put(k, v.toString()));
            }
            out.add(new NodeInfo(n.getMetadata().getName(), n.getMetadata().getLabels(), allocatable));
        }
        out.sort(Comparator.comparing(NodeInfo::name));
        return out;
    }

    private void changed(HasMetadata obj) {
        String id = workloadOf(obj);
        if (id.isEmpty()) {
            return;
        }
        if (obj instanceof Pod pod) {
            States.Failure f = States.failure(pod);
            String key = id + "/" + (f == null ? "" : f.logKey());
            if (f != null && f.container() != null && f.logLines().isEmpty()
                    && failureLogs.putIfAbsent(key, List.of()) == null) {
                // no termination message: fetch the log tail, once per container run
                CompletableFuture.runAsync(() -> {
                    List<String> lines = tail(f.pod(), f.container(), f.previous(), 50);
                    if (!lines.isEmpty()) {
                        failureLogs.put(key, lines);
                        notify(id);
                    }
                }, logFetcher);
            }
        }
        notify(id);
    }

    private void notify(String id) {
        for (Consumer<String> s : subscribers) {
            try {
                s.accept(id);
            } catch (RuntimeException e) {
                LOG.warn("A subscriber failed on {}", id, e);
            }
        }
    }

    private static String workloadOf(HasMetadata obj) {
        Map<String, String> labels = obj.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(Manifests.WORKLOAD, "");
    }

    @Deactivate
    @Override
    public void close() {
        deployments.close();
        pods.close();
        nodes.close();
        if (knativeServices != null) {
            knativeServices.close();
        }
        logFetcher.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }
}
