package org.csghub.runtime.kubernetes.internal;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import org.csghub.compute.api.EngineArg;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.EngineImage;
import org.csghub.compute.api.InferenceEngine;
import org.csghub.compute.api.LaunchSpec;
import org.csghub.compute.api.Placement;
import org.csghub.compute.api.Placement.Toleration;

/** The real engine descriptors, the accelerator placements, specs and a CRUD mock API server for the tests. */
final class Fixtures {

    static final String NS = "csghub";
    static final String HUB = "http://csghub.csghub-system.svc:8080";
    static final List<String> ENGINES = List.of("vllm", "tgi", "triton", "nim", "sglang", "llamacpp");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).build();

    private Fixtures() {
    }

    /** The engine's own engine.json from its bundle's sources. */
    static EngineDescriptor engine(String bundleSuffix) {
        Path file = Path.of("..", "org.csghub.engine." + bundleSuffix, "src", "main", "resources", "engine.json");
        try {
            return JSON.readValue(Files.readAllBytes(file), EngineDescriptor.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /**
     * An accelerator as the accelerator bundles place it.
     *
     * @param scheduler the scheduler name the spec asks for ({@code null}: the default)
     */
    record Accel(String name, String computeType, Placement placement, String scheduler) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Accel> accelerators() {
        return List.of(
                new Accel("nvidia-gpu", "gpu", new Placement(Map.of("nvidia.com/gpu", "1"), Map.of(),
                        List.of(new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule")), Map.of()), null),
                new Accel("hami-vgpu", "gpu", new Placement(Map.of("nvidia.com/vgpu", "1", "nvidia.com/gpumem", "8000",
                        "nvidia.com/gpucores", "50"), Map.of(), List.of(new Toleration("nvidia.com/gpu", "Exists",
                        null, null)), Map.of()), "hami-scheduler"),
                new Accel("nvidia-mig", "gpu", new Placement(Map.of("nvidia.com/mig-1g.10gb", "1"),
                        Map.of("nvidia.com/mig.strategy", "mixed"), List.of(new Toleration("nvidia.com/gpu", "Exists",
                        null, "NoSchedule")), Map.of()), "volcano"),
                new Accel("ascend-npu", "npu", new Placement(Map.of("huawei.com/Ascend910", "1"),
                        Map.of("accelerator", "huawei-Ascend910"), List.of(new Toleration("huawei.com/Ascend910",
                        "Equal", "true", "NoSchedule")), Map.of("ASCEND_VISIBLE_DEVICES", "0")), "volcano"),
                new Accel("cpu", "cpu", Placement.NONE, null));
    }

    /** The engine's image for the accelerator's compute type, or {@code null} when it has none. */
    static String image(EngineDescriptor engine, Accel accel) {
        return engine.images().stream().filter(i -> i.computeType().equals(accel.computeType()))
                .map(EngineImage::image).findFirst().orElse(null);
    }

    /** User values for the engine's first integer argument, rendered by the API's own InferenceEngine default. */
    static List<String> arguments(EngineDescriptor engine) {
        Map<String, String> values = new LinkedHashMap<>();
        engine.args().stream().filter(a -> a.type() == EngineArg.Type.INT).findFirst()
                .ifPresent(a -> values.put(a.name(), "4096"));
        InferenceEngine e = () -> engine;
        return e.arguments(values);
    }

    static LaunchSpec spec(String id, EngineDescriptor engine, String image, Accel accel, String token, int min,
                           int max) {
        return new LaunchSpec(id, engine, image, arguments(engine), Map.of("HF_HUB_OFFLINE", "1"),
                new LaunchSpec.ModelSource(HUB, "alice/Qwen2.5-0.5B-Instruct", "4f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
                        token, "qwen-small"),
                new LaunchSpec.Resources(2, 8192, accel.placement(), accel.computeType()), min, max,
                Map.of("csghub.io/owner", "alice", "repo", "alice/Qwen2.5 0.5B!"), accel.scheduler());
    }

    static KubernetesMockServer server() {
        return server(false);
    }

    /** @param knative whether the cluster serves serving.knative.dev (discovery and CRUD of its Services) */
    static KubernetesMockServer server(boolean knative) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        if (knative) {
            server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("serving.knative.dev")
                .withVersion("v1").withKind("Service").withPlural("services").withScope("Namespaced").build());
        }
        return server;
    }

    static NamespacedKubernetesClient client(KubernetesMockServer server) {
        return server.createClient(new JdkHttpClientFactory());
    }

    static Settings settings(Settings.Knative knative) {
        return new Settings(NS, null, null, null, null, knative);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
