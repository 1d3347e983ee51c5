package org.csghub.runtime.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.Observed;
import org.csghub.compute.api.Observed.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** knative=on: one serving.knative.dev/v1 Service per workload, scale to zero by Knative. */
class KnativeTest {

    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;
    private KubernetesComputeRuntime runtime;

    @BeforeEach
    void start() {
        server = Fixtures.server(true);
        client = Fixtures.client(server);
        runtime = new KubernetesComputeRuntime(client, false, Fixtures.settings(Settings.Knative.ON));
        Fixtures.await("informers", runtime::synced);
    }

    @AfterEach
    void stop() {
        runtime.close();
        client.close();
        server.destroy();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWorkloadIsAKnativeServiceThatScalesToZero() {
        EngineDescriptor tgi = Fixtures.engine("tgi");
        Fixtures.Accel gpu = Fixtures.accelerators().get(0);
        LaunchSpec spec = Fixtures.spec("ep-kn", tgi, Fixtures.image(tgi, gpu), gpu, "hf_csg_kn_secret", 0, 2);

        runtime.apply(spec);

        GenericKubernetesResource ksvc = client.genericKubernetesResources(KubernetesComputeRuntime.KNATIVE_SERVICE)
                .inNamespace(Fixtures.NS).withName("ep-kn").get();
        assertThat(ksvc).isNotNull();
        assertThat(ksvc.getApiVersion()).isEqualTo("serving.knative.dev/v1");
        assertThat(ksvc.getKind()).isEqualTo("Service");
        assertThat(ksvc.getMetadata().getLabels()).containsEntry("csghub.io/workload", "ep-kn")
                .containsEntry("app.kubernetes.io/managed-by", "csghub");
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) ksvc.getAdditionalProperties()
                .get("spec")).get("template");
        Map<String, Object> meta = (Map<String, Object>) template.get("metadata");
        assertThat((Map<String, Object>) meta.get("annotations"))
                .containsEntry("autoscaling.knative.dev/min-scale", "0")
                .containsEntry("autoscaling.knative.dev/max-scale", "2");
        assertThat((Map<String, Object>) meta.get("labels")).containsEntry("csghub.io/workload", "ep-kn");
        Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec.get("containers");
        assertThat(containers).singleElement().satisfies(c -> {
            assertThat(c.get("image")).isEqualTo(spec.image());
            assertThat((List<Map<String, Object>>) c.get("ports")).singleElement()
                    .satisfies(p -> assertThat(p.get("containerPort")).isEqualTo(tgi.port()));
            Map<String, Object> readiness = (Map<String, Object>) c.get("readinessProbe");
            assertThat((Map<String, Object>) readiness.get("httpGet")).containsEntry("path", tgi.readinessPath())
                    .doesNotContainKey("port");
            assertThat((Map<String, Object>) ((Map<String, Object>) c.get("resources")).get("limits"))
                    .containsEntry("nvidia.com/gpu", "1");
        });
        assertThat((List<Object>) podSpec.get("initContainers")).hasSize(1);
        assertThat((List<Map<String, Object>>) podSpec.get("tolerations")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("key", "nvidia.com/gpu"));
        assertThat(new KubernetesSerialization().asJson(ksvc)).doesNotContain("hf_csg_kn_secret");
        assertThat(client.secrets().inNamespace(Fixtures.NS).withName("ep-kn-hf-token").get()).isNotNull();
        assertThat(client.apps().deployments().inNamespace(Fixtures.NS).withName("ep-kn").get()).isNull();
        // (the mock's CRUD store tells kinds apart by name only, so a core-Service query also finds the Knative one)
        assertThat(client.services().inNamespace(Fixtures.NS).list().getItems())
                .noneMatch(s -> "v1".equals(s.getApiVersion()));

        String rv = ksvc.getMetadata().getResourceVersion();
        runtime.apply(spec);
        assertThat(client.genericKubernetesResources(KubernetesComputeRuntime.KNATIVE_SERVICE).inNamespace(Fixtures.NS)
                .withName("ep-kn").get().getMetadata().getResourceVersion()).isEqualTo(rv);

        // Knative's controller: a URL, Ready, no pods (scaled to zero)
        Fixtures.await("the service in the cache", () -> runtime.observe("ep-kn").phase() != Phase.ABSENT);
        assertThat(runtime.observe("ep-kn").phase()).isEqualTo(Phase.PENDING);
        ksvc = client.genericKubernetesResources(KubernetesComputeRuntime.KNATIVE_SERVICE).inNamespace(Fixtures.NS)
                .withName("ep-kn").get();
        ksvc.setAdditionalProperty("status", Map.of("url", "http://ep-kn.csghub.example.com",
                "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        client.genericKubernetesResources(KubernetesComputeRuntime.KNATIVE_SERVICE).inNamespace(Fixtures.NS)
                .resource(ksvc).updateStatus();
        Fixtures.await("scaled to zero", () -> runtime.observe("ep-kn").phase() == Phase.SCALED_TO_ZERO);
        Observed o = runtime.observe("ep-kn");
        assertThat(o.url()).isEqualTo("http://ep-kn.csghub.example.com");
        assertThat(o.message()).contains("zero");

        // a request wakes it: a ready pod
        Pod pod = new PodBuilder().withNewMetadata().withName("ep-kn-00001-deployment-abc").withNamespace(Fixtures.NS)
                .withLabels(Map.of("csghub.io/workload", "ep-kn", "app.kubernetes.io/managed-by", "csghub"))
                .endMetadata().withNewSpec().addNewContainer().withName("engine").withImage(spec.image()).endContainer()
                .endSpec().build();
        pod = client.pods().inNamespace(Fixtures.NS).resource(pod).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").addNewCondition()
                .withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(Fixtures.NS).resource(pod).updateStatus();
        Fixtures.await("ready", () -> runtime.observe("ep-kn").phase() == Phase.READY);
        assertThat(runtime.observe("ep-kn").url()).isEqualTo("http://ep-kn.csghub.example.com");
        assertThat(runtime.workloads()).contains("ep-kn");

        runtime.remove("ep-kn");
        assertThat(client.genericKubernetesResources(KubernetesComputeRuntime.KNATIVE_SERVICE).inNamespace(Fixtures.NS)
                .withName("ep-kn").get()).isNull();
        assertThat(client.secrets().inNamespace(Fixtures.NS).withName("ep-kn-hf-token").get()).isNull();
    }
}
