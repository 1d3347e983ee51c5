package org.csghub.runtime.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.Observed.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** apply is idempotent, a changed spec updates, a renewed token touches only the Secret, remove clears up. */
class LifecycleTest {

    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;
    private KubernetesComputeRuntime runtime;
    private EngineDescriptor sglang;
    private Fixtures.Accel gpu;

    @BeforeEach
    void start() {
        server = Fixtures.server();
        client = Fixtures.client(server);
        runtime = new KubernetesComputeRuntime(client, false, Fixtures.settings(Settings.Knative.AUTO));
        sglang = Fixtures.engine("sglang");
        gpu = Fixtures.accelerators().get(0);
        Fixtures.await("informers", runtime::synced);
    }

    @AfterEach
    void stop() {
        runtime.close();
        client.close();
        server.destroy();
    }

    @Test
    void withoutKnativeInTheClusterAutoUsesDeployments() {
        assertThat(runtime.knative()).isFalse();
        assertThat(runtime.name()).isEqualTo("kubernetes");
    }

    @Test
    void applyingTheSameSpecTwiceChangesNothing() {
        LaunchSpec spec = Fixtures.spec("ep-idem", sglang, Fixtures.image(sglang, gpu), gpu, "hf_csg_one", 1, 2);
        runtime.apply(spec);
        Map<String, String> first = versions("ep-idem");
        assertThat(first).hasSize(4).doesNotContainValue(null);

        runtime.apply(spec);
        assertThat(versions("ep-idem")).isEqualTo(first);

        // a new spec with the same content (a new controller pass, a restarted hub) is the same too
        runtime.apply(Fixtures.spec("ep-idem", sglang, Fixtures.image(sglang, gpu), gpu, "hf_csg_one", 1, 2));
        assertThat(versions("ep-idem")).isEqualTo(first);
    }

    @Test
    void aChangedSpecUpdatesWhatChanged() {
        LaunchSpec spec = Fixtures.spec("ep-change", sglang, Fixtures.image(sglang, gpu), gpu, "hf_csg_one", 1, 2);
        runtime.apply(spec);
        Map<String, String> before = versions("ep-change");

        LaunchSpec changed = new LaunchSpec(spec.id(), spec.engine(), spec.image(), java.util.List.of("--tp-size", "2"),
                spec.env(), spec.model(), spec.resources(), 1, 4, spec.labels(), spec.scheduler());
        runtime.apply(changed);

        Map<String, String> after = versions("ep-change");
        assertThat(after.get("deployment")).isNotEqualTo(before.get("deployment"));
        assertThat(after.get("hpa")).isNotEqualTo(before.get("hpa"));
        assertThat(after.get("service")).isEqualTo(before.get("service"));
        assertThat(after.get("secret")).isEqualTo(before.get("secret"));
        var c = client.apps().deployments().inNamespace(Fixtures.NS).withName("ep-change").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getCommand()).endsWith("--tp-size", "2");
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(Fixtures.NS).withName("ep-change")
                .get().getSpec().getMaxReplicas()).isEqualTo(4);

        // max down to min: the autoscaler goes
        runtime.apply(new LaunchSpec(spec.id(), spec.engine(), spec.image(), spec.arguments(), spec.env(), spec.model(),
                spec.resources(), 1, 1, spec.labels(), spec.scheduler()));
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(Fixtures.NS).withName("ep-change")
                .get()).isNull();
    }

    @Test
    void aRenewedTokenUpdatesTheSecretAndNotTheDeployment() {
        LaunchSpec spec = Fixtures.spec("ep-token", sglang, Fixtures.image(sglang, gpu), gpu, "hf_csg_one", 1, 1);
        runtime.apply(spec);
        Map<String, String> before = versions("ep-token");

        runtime.apply(Fixtures.spec("ep-token", sglang, Fixtures.image(sglang, gpu), gpu, "hf_csg_two", 1, 1));

        Map<String, String> after = versions("ep-token");
        assertThat(after.get("deployment")).isEqualTo(before.get("deployment"));
        assertThat(after.get("secret")).isNotEqualTo(before.get("secret"));
        Secret s = client.secrets().inNamespace(Fixtures.NS).withName("ep-token-hf-token").get();
        String token = s.getData() != null && s.getData().get("token") != null
                ? new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8)
                : s.getStringData().get("token");
        assertThat(token).isEqualTo("hf_csg_two");
    }

    @Test
    void removeDeletesEverythingAndTwiceIsFine() {
        LaunchSpec a = Fixtures.spec("ep-a", sglang, Fixtures.image(sglang, gpu), gpu, "hf_csg_one", 1, 2);
        LaunchSpec b = Fixtures.spec("ep-b", sglang, Fixtures.image(sglang, gpu), gpu, "hf_csg_one", 1, 2);
        runtime.apply(a);
        runtime.apply(b);
        Fixtures.await("both in the cache", () -> runtime.workloads().containsAll(java.util.Set.of("ep-a", "ep-b")));

        runtime.remove("ep-a");

        assertThat(versions("ep-a")).containsOnly(Map.entry("deployment", "gone"), Map.entry("service", "gone"),
                Map.entry("hpa", "gone"), Map.entry("secret", "gone"));
        assertThat(versions("ep-b")).doesNotContainValue("gone");
        Fixtures.await("ep-a out of the cache", () -> runtime.observe("ep-a").phase() == Phase.ABSENT);
        assertThat(runtime.workloads()).contains("ep-b").doesNotContain("ep-a");
        assertThatCode(() -> runtime.remove("ep-a")).doesNotThrowAnyException();
        assertThatCode(() -> runtime.remove("ep-never")).doesNotThrowAnyException();
    }

    @Test
    void twoHubReplicasApplyingAtOnceEndWithOneWorkload() throws Exception {
        NamespacedKubernetesClient other = Fixtures.client(server);
        try (KubernetesComputeRuntime second = new KubernetesComputeRuntime(other, false,
                Fixtures.settings(Settings.Knative.OFF))) {
            LaunchSpec spec = Fixtures.spec("ep-race", sglang, Fixtures.image(sglang, gpu), gpu, "hf_csg_one", 1, 2);
            for (int round = 0; round < 5; round++) {
                LaunchSpec s = new LaunchSpec(spec.id(), spec.engine(), spec.image(),
                        java.util.List.of("--tp-size", Integer.toString(round + 1)), spec.env(), spec.model(),
                        spec.resources(), 1, 2, spec.labels(), null);
                java.util.concurrent.CompletableFuture<Void> a = java.util.concurrent.CompletableFuture
                        .runAsync(() -> runtime.apply(s));
                java.util.concurrent.CompletableFuture<Void> b = java.util.concurrent.CompletableFuture
                        .runAsync(() -> second.apply(s));
                a.get(30, java.util.concurrent.TimeUnit.SECONDS);
                b.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(client.apps().deployments().inNamespace(Fixtures.NS).withName("ep-race").get().getSpec()
                        .getTemplate().getSpec().getContainers().get(0).getCommand())
                        .endsWith("--tp-size", Integer.toString(round + 1));
            }
            assertThat(client.apps().deployments().inNamespace(Fixtures.NS).withLabel("csghub.io/workload", "ep-race")
                    .list().getItems()).hasSize(1);
        } finally {
            other.close();
        }
    }

    /** The resourceVersion of each object of a workload, "gone" where there is none. */
    private Map<String, String> versions(String id) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("deployment", rv(client.apps().deployments().inNamespace(Fixtures.NS).withName(id).get()));
        v.put("service", rv(client.services().inNamespace(Fixtures.NS).withName(id).get()));
        v.put("hpa", rv(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(Fixtures.NS).withName(id)
                .get()));
        v.put("secret", rv(client.secrets().inNamespace(Fixtures.NS).withName(id + "-hf-token").get()));
        return v;
    }

    private static String rv(HasMetadata o) {
        return o == null ? "gone" : o.getMetadata().getResourceVersion();
    }
}
