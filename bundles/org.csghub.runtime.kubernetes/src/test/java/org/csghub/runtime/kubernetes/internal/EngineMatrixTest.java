package org.csghub.runtime.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.LaunchSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real engine descriptor on every accelerator it has an image for: what apply creates in the (mock) cluster.
 */
class EngineMatrixTest {

    private static KubernetesMockServer server;
    private static NamespacedKubernetesClient client;
    private static KubernetesComputeRuntime runtime;
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @BeforeAll
    static void start() {
        server = Fixtures.server();
        client = Fixtures.client(server);
        runtime = new KubernetesComputeRuntime(client, false, Fixtures.settings(Settings.Knative.OFF));
    }

    @AfterAll
    static void stop() {
        runtime.close();
        client.close();
        server.destroy();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String e : Fixtures.ENGINES) {
            EngineDescriptor engine = Fixtures.engine(e);
            for (Fixtures.Accel accel : Fixtures.accelerators()) {
                String image = Fixtures.image(engine, accel);
                if (image != null) {
                    cases.add(Arguments.of(e, engine, accel, image));
                }
            }
        }
        return cases.stream();
    }

    @Test
    void theMatrixCoversEveryEngineAndEveryAccelerator() {
        List<Arguments> all = cases().toList();
        assertThat(all.stream().map(a -> ((EngineDescriptor) a.get()[1]).name()).distinct().count())
                .isEqualTo(Fixtures.ENGINES.size());
        assertThat(all.stream().map(a -> a.get()[2].toString()).distinct()).containsExactlyInAnyOrder(
                "nvidia-gpu", "hami-vgpu", "nvidia-mig", "ascend-npu", "cpu");
    }

    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("cases")
    void applyCreatesTheWorkload(String bundle, EngineDescriptor engine, Fixtures.Accel accel, String image) {
        String id = ("ep-" + engine.name() + "-" + accel.name()).replaceAll("[^a-z0-9-]", "-");
        String token = "hf_csg_secret_" + id.hashCode();
        LaunchSpec spec = Fixtures.spec(id, engine, image, accel, token, 1, 3);

        runtime.apply(spec);

        Deployment d = client.apps().deployments().inNamespace(Fixtures.NS).withName(id).get();
        assertThat(d).as("deployment").isNotNull();
        assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "csghub")
                .containsEntry("csghub.io/workload", id).containsEntry("csghub.io/owner", "alice")
                .containsEntry("repo", "alice-Qwen2.5-0.5B");
        assertThat(d.getSpec().getSelector().getMatchLabels()).containsEntry("csghub.io/workload", id);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(pod.getContainers()).hasSize(1);

        // image, command and arguments
        assertThat(c.getImage()).isEqualTo(image);
        List<String> words = new ArrayList<>();
        if (c.getCommand() != null) {
            words.addAll(c.getCommand());
        }
        if (c.getArgs() != null) {
            words.addAll(c.getArgs());
        }
        String modelDir = "/models/qwen-small";
        if (engine.command().isEmpty()) {
            assertThat(c.getCommand()).as("the image's entrypoint").isNullOrEmpty();
        } else {
            assertThat(c.getCommand().get(0)).isEqualTo(engine.command().get(0));
            assertThat(c.getCommand()).hasSize(engine.command().size() + spec.arguments().size());
            assertThat(c.getCommand().subList(engine.command().size(), c.getCommand().size()))
                    .isEqualTo(spec.arguments());
        }
        assertThat(words).noneMatch(w -> w.matches("(?s).*\\{(model_dir|model_file|port|served_model_name)}.*"));
        String all = String.join(" ", words);
        if (engine.command().stream().anyMatch(w -> w.contains("{model_dir}"))) {
            assertThat(all).contains(modelDir);
        }
        if (engine.command().stream().anyMatch(w -> w.contains("{model_file}"))) {
            assertThat(words).contains("/models/model.gguf");
        }
        if (engine.command().stream().anyMatch(w -> w.contains("{port}"))) {
            assertThat(all).contains(Integer.toString(engine.port()));
        }
        if (engine.command().stream().anyMatch(w -> w.contains("{served_model_name}"))) {
            assertThat(all).contains("qwen-small");
        }
        // engine env with placeholders filled, then the placement's and the spec's
        Map<String, String> env = new java.util.HashMap<>();
        for (EnvVar v : c.getEnv()) {
            env.put(v.getName(), v.getValue());
        }
        engine.env().keySet().forEach(k -> assertThat(env.get(k)).as(k).isNotNull().doesNotContain("{"));
        if (engine.env().containsKey("NIM_MODEL_NAME")) {
            assertThat(env).containsEntry("NIM_MODEL_NAME", modelDir)
                    .containsEntry("NIM_SERVER_PORT", Integer.toString(engine.port()));
        }
        assertThat(env).containsAllEntriesOf(accel.placement().env()).containsEntry("HF_HUB_OFFLINE", "1");

        // port and probes
        assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(engine.port()));
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(engine.readinessPath());
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(engine.port());
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(engine.healthPath());
        assertThat(c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds())
                .as("seconds a model may take to load").isGreaterThanOrEqualTo(300);

        // resources: cpu, memory and the accelerator's extended resources as requests and limits
        Map<String, Quantity> requests = c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits();
        assertThat(requests.get("cpu")).isEqualTo(new Quantity("2"));
        assertThat(requests.get("memory")).isEqualTo(new Quantity("8192Mi"));
        accel.placement().resources().forEach((k, v) -> {
            assertThat(requests.get(k)).as("request " + k).isEqualTo(new Quantity(v));
            assertThat(limits.get(k)).as("limit " + k).isEqualTo(new Quantity(v));
        });
        assertThat(limits.keySet()).containsExactlyInAnyOrderElementsOf(requests.keySet());
        assertThat(requests.keySet()).hasSize(2 + accel.placement().resources().size());

        // where it runs
        assertThat(pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector())
                .isEqualTo(accel.placement().nodeSelector());
        assertThat(pod.getTolerations()).hasSameSizeAs(accel.placement().tolerations());
        for (int i = 0; i < pod.getTolerations().size(); i++) {
            Toleration t = pod.getTolerations().get(i);
            var want = accel.placement().tolerations().get(i);
            assertThat(t.getKey()).isEqualTo(want.key());
            assertThat(t.getOperator()).isEqualTo(want.operator());
            assertThat(t.getEffect()).isEqualTo(want.effect());
            assertThat(t.getValue()).isEqualTo("Equal".equals(want.operator()) ? want.value() : null);
        }
        assertThat(pod.getSchedulerName()).isEqualTo(accel.scheduler());

        // volumes
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactlyInAnyOrder("/models", "/dev/shm");
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("dshm");
            assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory");
        });
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("models");
            assertThat(v.getEmptyDir()).isNotNull();
        });

        // the model download: the token comes from the Secret and is nowhere in the Deployment
        Container init = pod.getInitContainers().get(0);
        assertThat(init.getImage()).isEqualTo(Settings.DEFAULT_INIT_IMAGE);
        Map<String, EnvVar> initEnv = new java.util.HashMap<>();
        init.getEnv().forEach(v -> initEnv.put(v.getName(), v));
        assertThat(initEnv.get("HF_ENDPOINT").getValue()).isEqualTo(Fixtures.HUB + "/hf");
        assertThat(initEnv.get("REPO").getValue()).isEqualTo("alice/Qwen2.5-0.5B-Instruct");
        assertThat(initEnv.get("REVISION").getValue()).isEqualTo(spec.model().revision());
        assertThat(initEnv.get("MODEL_DIR").getValue()).isEqualTo(modelDir);
        assertThat(initEnv.get("HF_TOKEN").getValue()).isNull();
        assertThat(initEnv.get("HF_TOKEN").getValueFrom().getSecretKeyRef().getName()).isEqualTo(id + "-hf-token");
        assertThat(initEnv.get("HF_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        assertThat(JSON.asJson(d)).doesNotContain(token);

        Secret secret = client.secrets().inNamespace(Fixtures.NS).withName(id + "-hf-token").get();
        assertThat(secret).isNotNull();
        String stored = secret.getData() != null && secret.getData().get("token") != null
                ? new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8)
                : secret.getStringData().get("token");
        assertThat(stored).isEqualTo(token);
        assertThat(secret.getMetadata().getLabels()).containsEntry("csghub.io/workload", id);

        // the Service in front of it, and the autoscaler between 1 and 3
        Service svc = client.services().inNamespace(Fixtures.NS).withName(id).get();
        assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(svc.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(engine.port());
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(engine.port());
        });
        HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(Fixtures.NS)
                .withName(id).get();
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(id);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMetrics()).singleElement()
                .satisfies(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void aFixedSizeWorkloadWithoutATokenHasNoAutoscalerAndNoSecret() {
        EngineDescriptor engine = Fixtures.engine("llamacpp");
        Fixtures.Accel cpu = Fixtures.accelerators().get(4);
        LaunchSpec spec = Fixtures.spec("ep-fixed", engine, Fixtures.image(engine, cpu), cpu, null, 2, 2);

        runtime.apply(spec);

        Deployment d = client.apps().deployments().inNamespace(Fixtures.NS).withName("ep-fixed").get();
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(Fixtures.NS)
                .withName("ep-fixed").get()).isNull();
        assertThat(client.secrets().inNamespace(Fixtures.NS).withName("ep-fixed-hf-token").get()).isNull();
        assertThat(d.getSpec().getTemplate().getSpec().getInitContainers().get(0).getEnv())
                .noneMatch(v -> v.getName().equals("HF_TOKEN"));
        assertThat(d.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(d.getSpec().getTemplate().getSpec().getTolerations()).isEmpty();
    }
}
