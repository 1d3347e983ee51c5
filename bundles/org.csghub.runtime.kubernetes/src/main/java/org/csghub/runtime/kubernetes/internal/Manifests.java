package org.csghub.runtime.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.Placement;

/**
 * What a {@link LaunchSpec} becomes in the cluster, as objects; pure functions of the spec and the settings, so
 * the same spec always gives the same objects and the same {@link #HASH} annotation.
 *
 * <p>The pod: an init container {@value #INIT} fetches the model revision through the hub's HF API into
 * {@code /models/<name>} (an emptyDir, or a per-pod ephemeral volume of {@code modelStorageClass}), then the
 * engine container {@value #ENGINE} runs the engine's command with {@code {model_dir}} = that directory and
 * {@code {model_file}} = {@value #MODEL_FILE}, a link the init container makes to the revision's first
 * {@code .gguf} file (sorted by path, so split GGUFs start at part 1). The read token is in a Secret
 * ({@code <id>-hf-token}) that the init container takes as {@code HF_TOKEN}; it appears in no pod spec.
 */
final class Manifests {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "csghub";
    static final String WORKLOAD = "csghub.io/workload";
    /** SHA-256 of what the runtime wrote; apply leaves an object alone while it matches. */
    static final String HASH = "csghub.io/spec-hash";
    /** The spec's minReplicas, so observe can tell a sleeping workload from a stopped one. */
    static final String MIN_REPLICAS = "csghub.io/min-replicas";
    static final String ENGINE = "engine";
    static final String INIT = "model-download";
    static final String MODELS = "/models";
    static final String MODEL_FILE = "/models/model.gguf";
    static final String TOKEN_KEY = "token";
    static final String KNATIVE_API = "serving.knative.dev/v1";

    /**
     * The init container's script; parameters come as environment variables, the token as {@code HF_TOKEN}
     * from the Secret. Lists {@code siblings[].rfilename} of the revision, downloads each file from
     * {@code resolve/<rev>/<path>} (curl follows redirects and does not send the Authorization header to another
     * host, so presigned object-store URLs work), and marks the directory complete for that revision.
     */
    static final String DOWNLOAD_SCRIPT = """
            set -eu
            if [ -f "$MODEL_DIR/.csghub-revision" ] && [ "$(cat "$MODEL_DIR/.csghub-revision")" = "$REVISION" ]; then
              echo "model $REPO@$REVISION is already in $MODEL_DIR"; exit 0
            fi
            get() {
              if [ -n "${HF_TOKEN:-}" ]; then curl -fsSL --retry 3 -H "Authorization: Bearer $HF_TOKEN" "$@"
              else curl -fsSL --retry 3 "$@"; fi
            }
            mkdir -p "$MODEL_DIR"
            echo "listing $REPO@$REVISION at $HF_ENDPOINT"
            listing=$(mktemp)
            get "$HF_ENDPOINT/api/models/$REPO/revision/$REVISION" -o "$listing"
            files=$(grep -o '"rfilename" *: *"[^"]*"' "$listing" | sed 's/^"rfilename" *: *"//; s/"$//')
            if [ -z "$files" ]; then echo "$REPO@$REVISION lists no files"; exit 1; fi
            echo "$files" | while IFS= read -r f; do
              mkdir -p "$MODEL_DIR/$(dirname "$f")"
              echo "downloading $f"
              get "$HF_ENDPOINT/$REPO/resolve/$REVISION/$(printf %s "$f" | sed 's/ /%20/g')" -o "$MODEL_DIR/$f.part"
              mv "$MODEL_DIR/$f.part" "$MODEL_DIR/$f"
            done
            gguf=$(echo "$files" | grep -i '\\.gguf$' | sort | head -n 1 || true)
            if [ -n "$gguf" ]; then ln -sf "$MODEL_DIR/$gguf" "$(dirname "$MODEL_DIR")/model.gguf"; fi
            echo "$REVISION" > "$MODEL_DIR/.csghub-revision"
            echo "model $REPO@$REVISION is in $MODEL_DIR"
            """;

    private final Settings settings;
    private final KubernetesSerialization json = new KubernetesSerialization();

    Manifests(Settings settings) {
        this.settings = settings;
    }

    static String secretName(String id) {
        return id + "-hf-token";
    }

    /** The labels on everything the runtime creates for a workload: the spec's, sanitised, then its own. */
    static Map<String, String> labels(LaunchSpec spec) {
        Map<String, String> labels = new TreeMap<>();
        spec.labels().forEach((k, v) -> {
            String key = labelKey(k);
            if (key != null && !key.equals(MANAGED_BY) && !key.equals(WORKLOAD)) {
                labels.put(key, labelValue(v));
            }
        });
        labels.put(MANAGED_BY, MANAGER);
        labels.put(WORKLOAD, spec.id());
        return labels;
    }

    static Map<String, String> selector(String id) {
        return new TreeMap<>(Map.of(MANAGED_BY, MANAGER, WORKLOAD, id)); // sorted: the hash must not vary
    }

    /** A label key made valid: an optional DNS-subdomain prefix and a name of at most 63 characters. */
    static String labelKey(String key) {
        if (key == null) {
            return null;
        }
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        String name = labelValue(slash < 0 ? key : key.substring(slash + 1));
        if (name.isEmpty()) {
            return null;
        }
        if (prefix == null || prefix.isEmpty()) {
            return name;
        }
        return (prefix.length() > 253 ? prefix.substring(0, 253).replaceAll("[^a-z0-9]+$", "") : prefix) + "/" + name;
    }

    /** A label value made valid: letters, digits, '-', '_', '.', starting and ending alphanumeric, ≤ 63. */
    static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        String v = value.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        return v.replaceAll("[^A-Za-z0-9]+$", "");
    }

    /** The directory under /models: the served name (or the repository's name) as one safe path segment. */
    static String modelDirName(LaunchSpec spec) {
        String name = servedName(spec).replaceAll("[^A-Za-z0-9._-]", "-");
        return name.isEmpty() || name.startsWith(".") ? "model" + name : name;
    }

    static String servedName(LaunchSpec spec) {
        String served = spec.model().servedName();
        if (served != null && !served.isBlank()) {
            return served;
        }
        return spec.model().repo().substring(spec.model().repo().lastIndexOf('/') + 1);
    }

    String hfEndpoint(LaunchSpec spec) {
        String hub = settings.hubUrl() != null ? settings.hubUrl() : spec.model().hubUrl();
        return hub.replaceAll("/+$", "") + "/hf";
    }

    /** The engine's command (or, with none, the image's entrypoint) with placeholders filled, then the arguments. */
    static List<String> command(LaunchSpec spec) {
        List<String> out = new ArrayList<>();
        spec.engine().command().forEach(t -> out.add(fill(t, spec)));
        spec.arguments().forEach(t -> out.add(fill(t, spec)));
        return out;
    }

    static String fill(String template, LaunchSpec spec) {
        return template.replace("{model_dir}", MODELS + "/" + modelDirName(spec))
                .replace("{model_file}", MODEL_FILE)
                .replace("{port}", Integer.toString(spec.engine().port()))
                .replace("{served_model_name}", servedName(spec));
    }

    Secret secret(LaunchSpec spec) {
        return new SecretBuilder()
                .withMetadata(meta(secretName(spec.id()), spec, null))
                .withType("Opaque")
                .withStringData(Map.of(TOKEN_KEY, spec.model().token()))
                .build();
    }

    Deployment deployment(LaunchSpec spec) {
        int replicas = Math.max(1, spec.minReplicas());
        Deployment d = new DeploymentBuilder()
                .withMetadata(meta(spec.id(), spec, null))
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(selector(spec.id())).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(spec)).endMetadata()
                .withSpec(podSpec(spec, false))
                .endTemplate()
                .endSpec()
                .build();
        return hashed(d);
    }

    Service service(LaunchSpec spec) {
        int port = spec.engine().port();
        return hashed(new ServiceBuilder()
                .withMetadata(meta(spec.id(), spec, null))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector(spec.id()))
                .addNewPort().withName("http").withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(port)).endPort()
                .endSpec()
                .build());
    }

    /** CPU-based autoscaling between min (at least 1) and max replicas; {@code null} when there is nothing to scale. */
    HorizontalPodAutoscaler hpa(LaunchSpec spec) {
        int min = Math.max(1, spec.minReplicas());
        if (spec.maxReplicas() <= min) {
            return null;
        }
        return hashed(new HorizontalPodAutoscalerBuilder()
                .withMetadata(meta(spec.id(), spec, null))
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(spec.id())
                .endScaleTargetRef()
                .withMinReplicas(min)
                .withMaxReplicas(spec.maxReplicas())
                .addNewMetric().withType("Resource")
                .withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(80).endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build());
    }

    /**
     * A Knative Service ({@value #KNATIVE_API}): min-scale 0 lets Knative scale it to zero. The cluster's
     * {@code config-features} must allow what the pod uses: init containers, node selectors, tolerations,
     * scheduler names and emptyDir volumes ({@code kubernetes.podspec-*}).
     */
    GenericKubernetesResource knativeService(LaunchSpec spec) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("autoscaling.knative.dev/min-scale", Integer.toString(spec.minReplicas()));
        annotations.put("autoscaling.knative.dev/max-scale", Integer.toString(spec.maxReplicas()));
        annotations.put("autoscaling.knative.dev/metric", "concurrency");
        Map<String, Object> template = new LinkedHashMap<>();
        Map<String, Object> templateMeta = new LinkedHashMap<>();
        templateMeta.put("labels", labels(spec));
        templateMeta.put("annotations", annotations);
        template.put("metadata", templateMeta);
        template.put("spec", json.convertValue(podSpec(spec, true), Map.class));
        GenericKubernetesResource ksvc = new GenericKubernetesResource();
        ksvc.setApiVersion(KNATIVE_API);
        ksvc.setKind("Service");
        ksvc.setMetadata(meta(spec.id(), spec, null));
        ksvc.setAdditionalProperty("spec", Map.of("template", template));
        return hashed(ksvc);
    }

    private PodSpec podSpec(LaunchSpec spec, boolean knative) {
        Placement p = spec.resources().placement();
        PodSpecBuilder pod = new PodSpecBuilder()
                .withInitContainers(initContainer(spec))
                .withContainers(engineContainer(spec, knative))
                .withVolumes(modelVolume(), new VolumeBuilder().withName("dshm")
                        .withNewEmptyDir().withMedium("Memory").endEmptyDir().build())
                .withTolerations(tolerations(p));
        if (!p.nodeSelector().isEmpty()) {
            pod.withNodeSelector(new TreeMap<>(p.nodeSelector()));
        }
        if (spec.scheduler() != null && !spec.scheduler().isBlank()) {
            pod.withSchedulerName(spec.scheduler());
        }
        if (!knative) {
            pod.withEnableServiceLinks(false);
        }
        return pod.build();
    }

    private Container initContainer(LaunchSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        env.add(env("HF_ENDPOINT", hfEndpoint(spec)));
        env.add(env("REPO", spec.model().repo()));
        env.add(env("REVISION", spec.model().revision()));
        env.add(env("MODEL_DIR", MODELS + "/" + modelDirName(spec)));
        if (spec.model().token() != null && !spec.model().token().isBlank()) {
            env.add(new EnvVarBuilder().withName("HF_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                    .withName(secretName(spec.id())).withKey(TOKEN_KEY).endSecretKeyRef().endValueFrom().build());
        }
        return new ContainerBuilder()
                .withName(INIT)
                .withImage(settings.initImage())
                .withCommand("/bin/sh", "-c", DOWNLOAD_SCRIPT)
                .withEnv(env)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .addNewVolumeMount().withName("models").withMountPath(MODELS).endVolumeMount()
                .build();
    }

    private Container engineContainer(LaunchSpec spec, boolean knative) {
        var d = spec.engine();
        Placement p = spec.resources().placement();
        Map<String, String> env = new LinkedHashMap<>();
        new TreeMap<>(d.env()).forEach((k, v) -> env.put(k, fill(v, spec)));
        new TreeMap<>(p.env()).forEach(env::put);
        new TreeMap<>(spec.env()).forEach(env::put);

        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        if (spec.resources().cpu() > 0) {
            Quantity cpu = cpu(spec.resources().cpu());
            requests.put("cpu", cpu);
            limits.put("cpu", cpu);
        }
        if (spec.resources().memoryMiB() > 0) {
            Quantity mem = new Quantity(spec.resources().memoryMiB() + "Mi");
            requests.put("memory", mem);
            limits.put("memory", mem);
        }
        p.resources().forEach((k, v) -> {
            requests.put(k, new Quantity(v));
            limits.put(k, new Quantity(v));
        });

        ContainerBuilder c = new ContainerBuilder()
                .withName(ENGINE)
                .withImage(spec.image())
                .withEnv(env.entrySet().stream().map(e -> env(e.getKey(), e.getValue())).toList())
                .addNewPort().withName(knative ? "http1" : "http").withContainerPort(d.port()).withProtocol("TCP")
                .endPort()
                .withResources(new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withReadinessProbe(probe(d.readinessPath(), d.port(), knative, 5, 3))
                .withLivenessProbe(probe(d.healthPath(), d.port(), knative, 15, 6))
                // loading a large model takes long: up to 60 × 10 s before liveness applies
                .withStartupProbe(probe(d.healthPath(), d.port(), knative, 10, 60))
                .addNewVolumeMount().withName("models").withMountPath(MODELS).endVolumeMount()
                .addNewVolumeMount().withName("dshm").withMountPath("/dev/shm").endVolumeMount();
        if (!d.command().isEmpty()) {
            c.withCommand(command(spec));
        } else if (!spec.arguments().isEmpty()) {
            c.withArgs(spec.arguments().stream().map(a -> fill(a, spec)).toList());
        }
        return c.build();
    }

    private static Probe probe(String path, int port, boolean knative, int period, int failures) {
        HTTPGetActionBuilder get = new HTTPGetActionBuilder().withPath(path);
        if (!knative) { // Knative probes the one declared port and refuses another
            get.withPort(new IntOrString(port));
        }
        return new ProbeBuilder().withHttpGet(get.build()).withPeriodSeconds(period).withTimeoutSeconds(5)
                .withFailureThreshold(failures).build();
    }

    private Volume modelVolume() {
        VolumeBuilder v = new VolumeBuilder().withName("models");
        if (settings.modelStorageClass() != null) {
            // a per-pod claim that lives and dies with the pod: no shared ReadWriteOnce volume between replicas
            return v.withNewEphemeral().withNewVolumeClaimTemplate()
                    .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(settings.modelStorageClass())
                    .withNewResources().addToRequests("storage",
                            new Quantity(settings.modelStorageSize() != null ? settings.modelStorageSize() : "100Gi"))
                    .endResources().endSpec()
                    .endVolumeClaimTemplate().endEphemeral().build();
        }
        return settings.modelStorageSize() != null
                ? v.withNewEmptyDir().withSizeLimit(new Quantity(settings.modelStorageSize())).endEmptyDir().build()
                : v.withNewEmptyDir().endEmptyDir().build();
    }

    private static List<Toleration> tolerations(Placement p) {
        return p.tolerations().stream().map(t -> {
            TolerationBuilder b = new TolerationBuilder().withKey(t.key())
                    .withOperator(t.operator() == null ? "Exists" : t.operator());
            if (t.value() != null && !"Exists".equals(t.operator())) {
                b.withValue(t.value());
            }
            if (t.effect() != null && !t.effect().isBlank()) {
                b.withEffect(t.effect());
            }
            return b.build();
        }).toList();
    }

    private static Quantity cpu(double cores) {
        long milli = Math.round(cores * 1000);
        return milli % 1000 == 0 ? new Quantity(Long.toString(milli / 1000)) : new Quantity(milli + "m");
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private ObjectMeta meta(String name, LaunchSpec spec, Map<String, String> annotations) {
        ObjectMetaBuilder m = new ObjectMetaBuilder().withName(name).withNamespace(settings.namespace())
                .withLabels(labels(spec))
                .addToAnnotations(MIN_REPLICAS, Integer.toString(spec.minReplicas()));
        if (annotations != null) {
            m.addToAnnotations(annotations);
        }
        return m.build();
    }

    /** Puts the hash of the object as built (without the hash itself) into its annotations. */
    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T hashed(T object) {
        object.getMetadata().getAnnotations().put(HASH, sha256(json.asJson(object)));
        return object;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    KubernetesSerialization serialization() {
        return json;
    }
}
