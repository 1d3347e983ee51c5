package org.csghub.runtime.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.NodeInfo;
import org.junit.jupiter.api.Test;

/** Labels made valid, placeholders, the model volume, and the node list for accelerator offers. */
class ManifestsTest {

    private static final String KEY_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]";
    private static final String PREFIX = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";

    @Test
    void specLabelsAreMadeValidAndCannotOverrideTheRuntimesOwn() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("csghub.io/repo", "alice/Qwen2.5 0.5B (instruct)");
        labels.put("Team Name", "-ml-platform-");
        labels.put("x".repeat(80), "v".repeat(80));
        labels.put("csghub.io/workload", "someone-else");
        labels.put("app.kubernetes.io/managed-by", "helm");
        labels.put("???", "dropped");
        EngineDescriptor vllm = Fixtures.engine("vllm");
        Fixtures.Accel cpu = Fixtures.accelerators().get(4);
        LaunchSpec base = Fixtures.spec("ep-labels", vllm, Fixtures.image(vllm, cpu), cpu, null, 1, 1);
        LaunchSpec spec = new LaunchSpec(base.id(), base.engine(), base.image(), base.arguments(), base.env(),
                base.model(), base.resources(), 1, 1, labels, null);

        Map<String, String> out = Manifests.labels(spec);

        assertThat(out).containsEntry("csghub.io/workload", "ep-labels")
                .containsEntry("app.kubernetes.io/managed-by", "csghub")
                .containsEntry("csghub.io/repo", "alice-Qwen2.5-0.5B--instruct")
                .containsEntry("Team-Name", "ml-platform")
                .containsEntry("x".repeat(63), "v".repeat(63))
                .hasSize(5);
        out.forEach((k, v) -> {
            String name = k.contains("/") ? k.substring(k.indexOf('/') + 1) : k;
            assertThat(name).matches(KEY_NAME);
            if (k.contains("/")) {
                assertThat(k.substring(0, k.indexOf('/'))).matches(PREFIX);
            }
            assertThat(v).matches("(" + KEY_NAME + ")?");
        });
    }

    @Test
    void theSameSpecGivesTheSameHashAndAChangeAnother() {
        EngineDescriptor vllm = Fixtures.engine("vllm");
        Fixtures.Accel gpu = Fixtures.accelerators().get(1);
        Manifests m = new Manifests(Fixtures.settings(Settings.Knative.OFF));
        LaunchSpec a = Fixtures.spec("ep-hash", vllm, Fixtures.image(vllm, gpu), gpu, "hf_csg_1", 1, 2);
        LaunchSpec sameButToken = Fixtures.spec("ep-hash", vllm, Fixtures.image(vllm, gpu), gpu, "hf_csg_2", 1, 2);
        LaunchSpec otherImage = Fixtures.spec("ep-hash", vllm, "vllm/vllm-openai:v0.12.0", gpu, "hf_csg_1", 1, 2);

        String hash = m.deployment(a).getMetadata().getAnnotations().get(Manifests.HASH);
        assertThat(hash).hasSize(64);
        assertThat(new Manifests(Fixtures.settings(Settings.Knative.OFF)).deployment(a).getMetadata()
                .getAnnotations().get(Manifests.HASH)).isEqualTo(hash);
        assertThat(m.deployment(sameButToken).getMetadata().getAnnotations().get(Manifests.HASH)).isEqualTo(hash);
        assertThat(m.deployment(otherImage).getMetadata().getAnnotations().get(Manifests.HASH)).isNotEqualTo(hash);
    }

    @Test
    void aStorageClassGivesEachPodItsOwnModelVolume() {
        EngineDescriptor llamacpp = Fixtures.engine("llamacpp");
        Fixtures.Accel cpu = Fixtures.accelerators().get(4);
        LaunchSpec spec = Fixtures.spec("ep-volume", llamacpp, Fixtures.image(llamacpp, cpu), cpu, null, 1, 1);
        var volumes = new Manifests(new Settings("ns", "http://hub.internal:8080/", null, "fast-ssd", "50Gi",
                Settings.Knative.OFF)).deployment(spec).getSpec().getTemplate().getSpec();

        var models = volumes.getVolumes().stream().filter(v -> v.getName().equals("models")).findFirst().orElseThrow();
        assertThat(models.getEmptyDir()).isNull();
        var claim = models.getEphemeral().getVolumeClaimTemplate().getSpec();
        assertThat(claim.getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getResources().getRequests().get("storage")).isEqualTo(new Quantity("50Gi"));
        // the configured hub URL wins over the spec's
        assertThat(volumes.getInitContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("HF_ENDPOINT");
            assertThat(e.getValue()).isEqualTo("http://hub.internal:8080/hf");
        });
        assertThat(volumes.getContainers().get(0).getCommand()).contains("/models/model.gguf");
    }

    @Test
    void nodesComeFromTheNodeInformer() {
        KubernetesMockServer server = Fixtures.server();
        NamespacedKubernetesClient client = Fixtures.client(server);
        try (KubernetesComputeRuntime runtime = new KubernetesComputeRuntime(client, false,
                Fixtures.settings(Settings.Knative.OFF))) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("gpu-1")
                    .withLabels(Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB")).endMetadata()
                    .withNewStatus().addToAllocatable("nvidia.com/gpu", new Quantity("8"))
                    .addToAllocatable("cpu", new Quantity("96")).endStatus().build()).create();
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cpu-1").endMetadata().build())
                    .create();

            Fixtures.await("two nodes", () -> runtime.nodes().size() == 2);
            List<NodeInfo> nodes = runtime.nodes();
            assertThat(nodes).extracting(NodeInfo::name).containsExactly("cpu-1", "gpu-1");
            assertThat(nodes.get(1).labels()).containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB");
            assertThat(nodes.get(1).allocatable()).containsEntry("nvidia.com/gpu", "8").containsEntry("cpu", "96");
        } finally {
            client.close();
            server.destroy();
        }
    }
}
