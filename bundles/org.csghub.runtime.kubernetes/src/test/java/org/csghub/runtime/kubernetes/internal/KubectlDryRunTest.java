package org.csghub.runtime.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.csghub.compute.api.EngineDescriptor;
import org.csghub.compute.api.LaunchSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests as the real kubectl sees them: {@code kubectl apply --dry-run=client} against an API server that
 * serves only discovery (the resource lists kubectl maps kinds with) and answers 404 for every object, so each
 * object is "created (dry run)". kubectl runs with {@code --validate=false}: schema validation needs the cluster's
 * OpenAPI document, which this stand-in does not serve; what is checked is that kubectl parses every object, maps
 * its apiVersion/kind to a served resource and accepts it for creation.
 */
class KubectlDryRunTest {

    private static final Map<String, String> DISCOVERY = Map.of(
            "/version", """
                    {"major":"1","minor":"32","gitVersion":"v1.32.0","platform":"linux/amd64"}""",
            "/api", """
                    {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:6443"}]}""",
            "/apis", """
                    {"kind":"APIGroupList","apiVersion":"v1","groups":[
                    {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
                    {"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v2","version":"v2"}],"preferredVersion":{"groupVersion":"autoscaling/v2","version":"v2"}},
                    {"name":"serving.knative.dev","versions":[{"groupVersion":"serving.knative.dev/v1","version":"v1"}],"preferredVersion":{"groupVersion":"serving.knative.dev/v1","version":"v1"}}]}""",
            "/api/v1", """
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[
                    {"name":"services","singularName":"service","namespaced":true,"kind":"Service","verbs":["create","delete","get","list","patch","update","watch"]},
                    {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["create","delete","get","list","patch","update","watch"]},
                    {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["create","delete","get","list","patch","update","watch"]},
                    {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create","delete","get","list","patch","update","watch"]}]}""",
            "/apis/apps/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[
                    {"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["create","delete","get","list","patch","update","watch"]}]}""",
            "/apis/autoscaling/v2", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"autoscaling/v2","resources":[
                    {"name":"horizontalpodautoscalers","singularName":"horizontalpodautoscaler","namespaced":true,"kind":"HorizontalPodAutoscaler","verbs":["create","delete","get","list","patch","update","watch"]}]}""",
            "/apis/serving.knative.dev/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"serving.knative.dev/v1","resources":[
                    {"name":"services","singularName":"service","namespaced":true,"kind":"Service","verbs":["create","delete","get","list","patch","update","watch"]}]}""");

    @TempDir
    Path dir;
    private HttpServer api;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @BeforeEach
    void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String body = DISCOVERY.get(path);
            int status = 200;
            if (body == null) {
                status = 404;
                body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"not found\",\"reason\":\"NotFound\",\"code\":404}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
    }

    @Test
    void deploymentServiceAutoscalerAndSecretAreAcceptedByKubectl() throws Exception {
        EngineDescriptor vllm = Fixtures.engine("vllm");
        Fixtures.Accel ascend = Fixtures.accelerators().get(3);
        LaunchSpec spec = Fixtures.spec("ep-kubectl", vllm, Fixtures.image(vllm, ascend), ascend, "hf_csg_x", 1, 4);
        Manifests m = new Manifests(new Settings(Fixtures.NS, null, null, "fast-ssd", "200Gi", Settings.Knative.OFF));

        String out = kubectl(List.of(m.secret(spec), m.deployment(spec), m.service(spec), m.hpa(spec)));

        assertThat(out).contains("secret/ep-kubectl-hf-token created (dry run)")
                .contains("deployment.apps/ep-kubectl created (dry run)")
                .contains("service/ep-kubectl created (dry run)")
                .contains("horizontalpodautoscaler.autoscaling/ep-kubectl created (dry run)");
        assertThat(out.lines().filter(l -> l.endsWith("created (dry run)")).count()).isEqualTo(4);
        // kubectl looked each object up (404: create) at its resource path, which the discovery gave it
        assertThat(requests).contains("GET /apis/apps/v1/namespaces/csghub/deployments/ep-kubectl",
                "GET /apis/autoscaling/v2/namespaces/csghub/horizontalpodautoscalers/ep-kubectl",
                "GET /api/v1/namespaces/csghub/services/ep-kubectl");
    }

    @Test
    void theKnativeServiceIsAcceptedByKubectl() throws Exception {
        EngineDescriptor llamacpp = Fixtures.engine("llamacpp");
        Fixtures.Accel cpu = Fixtures.accelerators().get(4);
        LaunchSpec spec = Fixtures.spec("ep-kubectl-kn", llamacpp, Fixtures.image(llamacpp, cpu), cpu, "hf_csg_x", 0, 3);
        Manifests m = new Manifests(Fixtures.settings(Settings.Knative.ON));

        String out = kubectl(List.of(m.secret(spec), m.knativeService(spec)));

        assertThat(out).contains("secret/ep-kubectl-kn-hf-token created (dry run)")
                .contains("service.serving.knative.dev/ep-kubectl-kn created (dry run)");
        assertThat(requests).contains("GET /apis/serving.knative.dev/v1/namespaces/csghub/services/ep-kubectl-kn");
    }

    private String kubectl(List<HasMetadata> objects) throws Exception {
        Path kubectl = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        assertThat(kubectl).withFailMessage("kubectl is not installed: this test needs the real kubectl "
                + "(apt-get install -y kubernetes-client; .ci/run installs it)").isNotNull();
        Path yaml = dir.resolve("workload.yaml");
        Files.writeString(yaml, objects.stream().map(serialization::asYaml).collect(Collectors.joining("\n---\n")));
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: stand-in
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: stand-in
                  context:
                    cluster: stand-in
                    user: nobody
                    namespace: csghub
                current-context: stand-in
                users:
                - name: nobody
                  user: {}
                """.formatted(api.getAddress().getPort()));
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString(), "apply", "--dry-run=client", "--validate=false",
                "-f", yaml.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kubectl.out").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
        String out = Files.readString(dir.resolve("kubectl.out"));
        assertThat(p.exitValue()).withFailMessage("kubectl exited %d:%n%s%nfor%n%s", p.exitValue(), out,
                Files.readString(yaml)).isZero();
        return out;
    }
}
