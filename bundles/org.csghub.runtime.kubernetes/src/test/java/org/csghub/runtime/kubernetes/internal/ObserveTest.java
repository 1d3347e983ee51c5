package org.csghub.runtime.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.Observed;
import org.csghub.compute.api.Observed.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * observe() and subscribe() as the cluster changes: the mock runs no controllers, so the test plays the
 * Deployment controller, the scheduler and the kubelet by writing pods and statuses.
 */
class ObserveTest {

    private static final String ID = "ep-state";

    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;
    private KubernetesComputeRuntime runtime;
    private AutoCloseable subscription;
    private final LinkedBlockingQueue<String> changes = new LinkedBlockingQueue<>();
    private LaunchSpec spec;
    private EngineDescriptor vllm;

    @BeforeEach
    void start() {
        server = Fixtures.server();
        client = Fixtures.client(server);
        runtime = new KubernetesComputeRuntime(client, false, Fixtures.settings(Settings.Knative.OFF));
        subscription = runtime.subscribe(changes::add);
        vllm = Fixtures.engine("vllm");
        Fixtures.Accel gpu = Fixtures.accelerators().get(0);
        spec = Fixtures.spec(ID, vllm, Fixtures.image(vllm, gpu), gpu, "hf_csg_t0k3n", 1, 1);
        Fixtures.await("informers", runtime::synced);
    }

    @AfterEach
    void stop() throws Exception {
        subscription.close();
        runtime.close();
        client.close();
        server.destroy();
    }

    @Test
    void aWorkloadGoesFromAbsentThroughItsPhasesToReady() throws Exception {
        assertThat(runtime.observe(ID).phase()).isEqualTo(Phase.ABSENT);
        assertThat(runtime.workloads()).doesNotContain(ID);

        runtime.apply(spec);
        awaitChange();
        Fixtures.await("the deployment in the cache", () -> runtime.observe(ID).phase() != Phase.ABSENT);
        Observed o = runtime.observe(ID);
        assertThat(o.phase()).isEqualTo(Phase.PENDING);
        assertThat(o.message()).contains("pod");
        assertThat(runtime.workloads()).contains(ID);

        // scheduled, the init container downloads the model
        Pod pod = createPod();
        setStatus(pod, new PodStatusBuilder().withPhase("Pending").withConditions(scheduled(true))
                .withInitContainerStatuses(running(Manifests.INIT)).withContainerStatuses(waiting(Manifests.ENGINE,
                        "PodInitializing", null)).build());
        o = awaitPhaseMessage(Phase.PENDING, "Downloading the model");
        assertThat(o.url()).isNull();

        // the engine runs and loads the model
        setStatus(pod, new PodStatusBuilder().withPhase("Running").withConditions(scheduled(true), ready(false))
                .withInitContainerStatuses(terminated(Manifests.INIT, 0, "Completed", null))
                .withContainerStatuses(running(Manifests.ENGINE)).build());
        o = awaitPhase(Phase.STARTING);
        assertThat(o.message()).contains("loading the model");

        // ready: the Deployment controller counts it, the Service URL is the way in
        setStatus(pod, new PodStatusBuilder().withPhase("Running").withConditions(scheduled(true), ready(true))
                .withInitContainerStatuses(terminated(Manifests.INIT, 0, "Completed", null))
                .withContainerStatuses(running(Manifests.ENGINE)).build());
        Deployment d = client.apps().deployments().inNamespace(Fixtures.NS).withName(ID).get();
        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1)
                .withReadyReplicas(1).build());
        client.apps().deployments().inNamespace(Fixtures.NS).resource(d).updateStatus();
        o = awaitPhase(Phase.READY);
        assertThat(o.readyReplicas()).isEqualTo(1);
        assertThat(o.url()).isEqualTo("http://" + ID + "." + Fixtures.NS + ".svc:" + vllm.port());
        assertThat(o.message()).contains("1 of 1");
    }

    @Test
    void anUnschedulablePodFailsWithTheSchedulersMessage() throws Exception {
        runtime.apply(spec);
        Pod pod = createPod();
        PodCondition unschedulable = new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
                .build();
        changes.clear();
        setStatus(pod, new PodStatusBuilder().withPhase("Pending").withConditions(unschedulable).build());
        awaitChange();
        Observed o = awaitPhase(Phase.FAILED);
        assertThat(o.reason()).isEqualTo("Unschedulable");
        assertThat(o.message()).contains("3 Insufficient nvidia.com/gpu");
    }

    @Test
    void imagePullFailuresNameTheImage() throws Exception {
        runtime.apply(spec);
        Pod pod = createPod();
        setStatus(pod, new PodStatusBuilder().withPhase("Pending").withConditions(scheduled(true))
                .withInitContainerStatuses(waiting(Manifests.INIT, "ErrImagePull", "rpc error: not found")).build());
        Observed o = awaitPhase(Phase.FAILED);
        assertThat(o.reason()).isEqualTo("ImagePullBackOff");
        assertThat(o.message()).contains(Settings.DEFAULT_INIT_IMAGE).contains("rpc error: not found");

        setStatus(pod, new PodStatusBuilder().withPhase("Pending").withConditions(scheduled(true))
                .withInitContainerStatuses(terminated(Manifests.INIT, 0, "Completed", null))
                .withContainerStatuses(waiting(Manifests.ENGINE, "ImagePullBackOff", "Back-off pulling image"))
                .build());
        o = awaitPhaseMessage(Phase.FAILED, spec.image());
        assertThat(o.reason()).isEqualTo("ImagePullBackOff");
        assertThat(o.message()).contains("Back-off pulling image");
    }

    @Test
    void aFailedModelDownloadFailsWithItsLastLogLines() throws Exception {
        runtime.apply(spec);
        Pod pod = createPod();
        String curl = "listing alice/Qwen2.5-0.5B-Instruct@4f1e\ncurl: (22) The requested URL returned error: 404";
        setStatus(pod, new PodStatusBuilder().withPhase("Pending").withConditions(scheduled(true))
                .withInitContainerStatuses(terminated(Manifests.INIT, 22, "Error", curl)).build());
        Observed o = awaitPhase(Phase.FAILED);
        assertThat(o.reason()).isEqualTo("ModelDownloadFailed");
        assertThat(o.message()).contains("exit code 22");
        assertThat(o.lastLogLines()).contains("curl: (22) The requested URL returned error: 404");
    }

    @Test
    void aCrashLoopIsCrashedWithTheEnginesLogTail() throws Exception {
        runtime.apply(spec);
        Pod pod = createPod();
        // the kubelet's log of the previous run, as the API server serves it
        server.expect().get().withPath("/api/v1/namespaces/" + Fixtures.NS + "/pods/" + pod.getMetadata().getName()
                        + "/log?pretty=false&container=engine&previous=true&tailLines=50")
                .andReturn(200, "INFO loading model\nValueError: unsupported architecture Foo\n").always();
        ContainerStatus looping = new ContainerStatusBuilder(waiting(Manifests.ENGINE, "CrashLoopBackOff",
                "back-off 40s restarting failed container")).withRestartCount(3).withNewLastState().withNewTerminated()
                .withExitCode(1).withReason("Error").endTerminated().endLastState().build();
        setStatus(pod, new PodStatusBuilder().withPhase("Running").withConditions(scheduled(true), ready(false))
                .withInitContainerStatuses(terminated(Manifests.INIT, 0, "Completed", null))
                .withContainerStatuses(looping).build());
        Observed o = awaitPhase(Phase.CRASHED);
        assertThat(o.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(o.message()).contains("exit code 1").contains("3 times");
        Fixtures.await("the log tail", () -> !runtime.observe(ID).lastLogLines().isEmpty());
        assertThat(runtime.observe(ID).lastLogLines()).containsExactly("INFO loading model",
                "ValueError: unsupported architecture Foo");
        assertThat(runtime.observe(ID).since()).isEqualTo(o.since()); // the same phase goes on

        // out of memory
        ContainerStatus oom = new ContainerStatusBuilder(waiting(Manifests.ENGINE, "CrashLoopBackOff", null))
                .withRestartCount(4).withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                .endTerminated().endLastState().build();
        setStatus(pod, new PodStatusBuilder().withPhase("Running").withConditions(scheduled(true), ready(false))
                .withInitContainerStatuses(terminated(Manifests.INIT, 0, "Completed", null))
                .withContainerStatuses(oom).build());
        o = awaitPhaseMessage(Phase.CRASHED, "memory");
        assertThat(o.reason()).isEqualTo("OOMKilled");
        assertThat(o.message()).contains("8192Mi");
    }

    @Test
    void logsReadTheFirstPodsEngineContainer() throws Exception {
        runtime.apply(spec);
        Pod pod = createPod();
        server.expect().get().withPath("/api/v1/namespaces/" + Fixtures.NS + "/pods/" + pod.getMetadata().getName()
                        + "/log?pretty=false&container=engine&tailLines=2")
                .andReturn(200, "line one\nline two\n").always();
        setStatus(pod, new PodStatusBuilder().withPhase("Running").withConditions(scheduled(true), ready(false))
                .withInitContainerStatuses(terminated(Manifests.INIT, 0, "Completed", null))
                .withContainerStatuses(running(Manifests.ENGINE)).build());
        awaitPhase(Phase.STARTING);
        assertThat(runtime.logs(ID, 2)).containsExactly("line one", "line two");
        assertThat(runtime.logs("ep-unknown", 2)).isEmpty();
    }

    @Test
    void aDeploymentScaledToZeroSleeps() throws Exception {
        LaunchSpec sleepy = new LaunchSpec(ID, spec.engine(), spec.image(), spec.arguments(), spec.env(), spec.model(),
                spec.resources(), 0, 1, spec.labels(), null);
        runtime.apply(sleepy);
        assertThat(client.apps().deployments().inNamespace(Fixtures.NS).withName(ID).get().getSpec().getReplicas())
                .as("min 0 still starts one replica").isEqualTo(1);
        client.apps().deployments().inNamespace(Fixtures.NS).withName(ID).scale(0);
        Observed o = awaitPhase(Phase.SCALED_TO_ZERO);
        assertThat(o.message()).contains("zero");
        runtime.apply(sleepy); // the same spec again does not wake it
        assertThat(client.apps().deployments().inNamespace(Fixtures.NS).withName(ID).get().getSpec().getReplicas())
                .isZero();
    }

    private Pod createPod() {
        Deployment d = client.apps().deployments().inNamespace(Fixtures.NS).withName(ID).get();
        Pod pod = new PodBuilder().withNewMetadata().withName(ID + "-7d9c8-x2k4p").withNamespace(Fixtures.NS)
                .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(d.getSpec().getTemplate().getSpec()).build();
        return client.pods().inNamespace(Fixtures.NS).resource(pod).create();
    }

    private void setStatus(Pod pod, io.fabric8.kubernetes.api.model.PodStatus status) {
        Pod current = client.pods().inNamespace(Fixtures.NS).withName(pod.getMetadata().getName()).get();
        current.setStatus(status);
        client.pods().inNamespace(Fixtures.NS).resource(current).updateStatus();
    }

    private void awaitChange() throws InterruptedException {
        assertThat(changes.poll(10, TimeUnit.SECONDS)).as("a change notified to the subscriber").isEqualTo(ID);
    }

    private Observed awaitPhase(Phase phase) {
        Fixtures.await(phase.name(), () -> runtime.observe(ID).phase() == phase);
        Observed o = runtime.observe(ID);
        assertThat(o.message()).as("a message saying why").isNotBlank();
        return o;
    }

    private Observed awaitPhaseMessage(Phase phase, String text) {
        Fixtures.await(phase + " with '" + text + "'", () -> {
            Observed o = runtime.observe(ID);
            return o.phase() == phase && o.message() != null && o.message().contains(text);
        });
        return runtime.observe(ID);
    }

    private static PodCondition scheduled(boolean yes) {
        return new PodConditionBuilder().withType("PodScheduled").withStatus(yes ? "True" : "False").build();
    }

    private static PodCondition ready(boolean yes) {
        return new PodConditionBuilder().withType("Ready").withStatus(yes ? "True" : "False").build();
    }

    private static ContainerStatus running(String name) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(0).withNewState().withNewRunning()
                .withStartedAt("2026-12-06T00:00:00Z").endRunning().endState().build();
    }

    private static ContainerStatus waiting(String name, String reason, String message) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(0).withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().build();
    }

    private static ContainerStatus terminated(String name, int exit, String reason, String message) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(0).withNewState().withNewTerminated()
                .withExitCode(exit).withReason(reason).withMessage(message).endTerminated().endState().build();
    }

    @SuppressWarnings("unused")
    private static List<String> lines(String s) {
        return List.of(s.split("\n"));
    }
}
