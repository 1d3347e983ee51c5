package org.csghub.runtime.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The component as DS builds it: from its typed configuration, with its own client on the JDK HTTP client. */
class ConfigTest {

    @Test
    void theComponentConnectsToTheConfiguredServer() throws Exception {
        KubernetesMockServer server = Fixtures.server();
        try (KubernetesComputeRuntime runtime = new KubernetesComputeRuntime(config(Map.of(
                "masterUrl", server.url("/").replaceAll("/$", ""), "namespace", "team-a", "knative", "auto")))) {
            Fixtures.await("informers", runtime::synced);
            assertThat(runtime.knative()).isFalse();
            assertThat(runtime.name()).isEqualTo("kubernetes");
            assertThat(server.getRequestCount()).isPositive();
            // the namespaced informers list and watch in team-a, by the managed-by label (the node informer is
            // cluster-wide, and may be the last request)
            java.util.List<String> paths = new java.util.ArrayList<>();
            for (int i = 0, n = server.getRequestCount(); i < n; i++) {
                var request = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
                if (request != null) {
                    paths.add(request.getPath());
                }
            }
            assertThat(paths).anyMatch(p -> p.contains("/namespaces/team-a/") && p.contains("managed-by"));
        } finally {
            server.destroy();
        }
    }

    @Test
    void settingsFromTheConfiguration() {
        Settings s = Settings.of(config(Map.of("knative", "ON", "hubUrl", " ", "modelStorageClass", "")));
        assertThat(s.knative()).isEqualTo(Settings.Knative.ON);
        assertThat(s.namespace()).isEqualTo("csghub");
        assertThat(s.hubUrl()).isNull();
        assertThat(s.modelStorageClass()).isNull();
        assertThat(s.initImage()).isEqualTo(Settings.DEFAULT_INIT_IMAGE);
        assertThatThrownBy(() -> Settings.knative("sometimes")).hasMessageContaining("auto, on or off")
                .hasMessageContaining("sometimes");
    }

    /** The typed configuration as DS hands it over: given values, else the annotation's defaults. */
    private static KubernetesRuntimeConfig config(Map<String, String> values) {
        return (KubernetesRuntimeConfig) Proxy.newProxyInstance(KubernetesRuntimeConfig.class.getClassLoader(),
                new Class<?>[] {KubernetesRuntimeConfig.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }
}
