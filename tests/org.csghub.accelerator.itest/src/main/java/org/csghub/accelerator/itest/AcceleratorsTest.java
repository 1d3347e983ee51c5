package org.csghub.accelerator.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.csghub.compute.api.Accelerator;
import org.csghub.compute.api.HardwareRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Each accelerator bundle registers its Accelerator under its {@code csghub.accelerator} name with no
 * configuration (the typed configuration's defaults through Declarative Services), and a configuration given
 * through ConfigAdmin, as conf/*.cfg gives it, replaces the defaults.
 */
class AcceleratorsTest {

    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(AcceleratorsTest.class).getBundleContext();

    @ParameterizedTest
    @CsvSource({"nvidia-gpu, gpu", "hami-vgpu, gpu", "nvidia-mig, gpu", "ascend-npu, npu"})
    void eachIsRegisteredUnderItsName(String name, String computeType) throws Exception {
        Accelerator accelerator = await(name);

        assertThat(accelerator.name()).isEqualTo(name);
        assertThat(accelerator.computeType()).isEqualTo(computeType);
    }

    @Test
    void theDefaultsPlaceWithoutAConfiguration() throws Exception {
        assertThat(await("nvidia-gpu").place(new HardwareRequest("nvidia-gpu", "H100", 1, null, null)).nodeSelector())
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
        assertThat(await("nvidia-mig").place(new HardwareRequest("nvidia-mig", "1g.10gb", 2, null, null)).resources())
                .containsExactly(Map.entry("nvidia.com/mig-1g.10gb", "2"));
        assertThat(await("ascend-npu").place(new HardwareRequest("ascend-npu", "Ascend910B", 4, null, null)).resources())
                .containsExactly(Map.entry("huawei.com/Ascend910", "4"));
        assertThat(await("hami-vgpu").place(new HardwareRequest("hami-vgpu", null, 1, 4096, 25)).resources())
                .containsOnly(Map.entry("nvidia.com/vgpu", "1"), Map.entry("nvidia.com/gpumem", "4096"),
                        Map.entry("nvidia.com/gpucores", "25"));
    }

    @Test
    void aConfigurationReplacesTheDefaults() throws Exception {
        Configuration hami = configuration("org.csghub.accelerator.hami", Map.of("resourceName", "nvidia.com/gpu"));
        Configuration mig = configuration("org.csghub.accelerator.mig",
                Map.of("profiles", new String[] {"1g.23gb", "7g.180gb"}));
        try {
            assertThat(awaitPlacing(() -> await("hami-vgpu")
                    .place(new HardwareRequest("hami-vgpu", null, 1, null, null)).resources(), "nvidia.com/gpu"))
                    .isTrue();
            assertThat(awaitPlacing(() -> await("nvidia-mig")
                    .place(new HardwareRequest("nvidia-mig", "7g.180gb", 1, null, null)).resources(),
                    "nvidia.com/mig-7g.180gb")).isTrue();
            assertThatThrownBy(() -> await("nvidia-mig").place(new HardwareRequest("nvidia-mig", "1g.10gb", 1, null,
                    null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1g.23gb, 7g.180gb]");
        } finally {
            hami.delete();
            mig.delete();
        }
        assertThat(awaitPlacing(() -> await("hami-vgpu")
                .place(new HardwareRequest("hami-vgpu", null, 1, null, null)).resources(), "nvidia.com/vgpu"))
                .as("the defaults return with the configuration gone").isTrue();
    }

    /** Whether the placement comes to hold {@code resource} within ten seconds (components restart on a change). */
    private static boolean awaitPlacing(PlacementResources placing, String resource) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (placing.resources().containsKey(resource)) {
                    return true;
                }
            } catch (IllegalArgumentException stillTheOldConfiguration) {
                // the old component answers until the new one replaces it
            }
            Thread.sleep(50);
        }
        return false;
    }

    private interface PlacementResources {
        Map<String, String> resources() throws Exception;
    }

    private static Accelerator await(String name) throws Exception {
        ServiceTracker<Accelerator, Accelerator> tracker = new ServiceTracker<>(CONTEXT,
                CONTEXT.createFilter("(&(objectClass=" + Accelerator.class.getName() + ")(csghub.accelerator=" + name
                        + "))"), null);
        tracker.open();
        try {
            Accelerator found = tracker.waitForService(10_000);
            assertThat(found).as(name + " registered").isNotNull();
            return found;
        } finally {
            tracker.close();
        }
    }

    private static Configuration configuration(String pid, Map<String, Object> properties) throws Exception {
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> tracker =
                new ServiceTracker<>(CONTEXT, ConfigurationAdmin.class, null);
        tracker.open();
        try {
            ConfigurationAdmin admin = tracker.waitForService(10_000);
            Configuration config = admin.getConfiguration(pid, "?");
            Dictionary<String, Object> dictionary = new Hashtable<>(properties);
            config.update(dictionary);
            return config;
        } finally {
            tracker.close();
        }
    }
}
