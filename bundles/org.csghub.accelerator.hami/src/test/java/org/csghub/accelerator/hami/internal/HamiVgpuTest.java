package org.csghub.accelerator.hami.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.csghub.compute.api.Accelerator.Offer;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Placement;
import org.junit.jupiter.api.Test;

class HamiVgpuTest {

    private final HamiVgpu hami = new HamiVgpu(defaultString("resourceName"), defaultString("resourceMem"),
            defaultString("resourceCores"), new ProductLabels(defaultProducts()));

    @Test
    void namesItselfAndItsComputeType() {
        assertThat(hami.name()).isEqualTo("hami-vgpu");
        assertThat(hami.computeType()).isEqualTo("gpu");
    }

    @Test
    void aShareOfAGpuIsCountMemoryAndCores() {
        Placement p = hami.place(new HardwareRequest("hami-vgpu", "A100", 1, 20480, 30));

        assertThat(p.resources()).containsOnly(Map.entry("nvidia.com/vgpu", "1"),
                Map.entry("nvidia.com/gpumem", "20480"), Map.entry("nvidia.com/gpucores", "30"));
        assertThat(p.nodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"));
        assertThat(p.tolerations()).containsExactly(
                new Placement.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"));
        assertThat(p.env()).isEmpty();
    }

    @Test
    void memoryAndCoresAreLeftOutWhenNotGiven() {
        Placement p = hami.place(new HardwareRequest("hami-vgpu", null, 2, null, null));

        assertThat(p.resources()).containsExactly(Map.entry("nvidia.com/vgpu", "2"));
        assertThat(p.nodeSelector()).isEmpty();

        assertThat(hami.place(new HardwareRequest("hami-vgpu", null, 1, 8192, null)).resources())
                .containsOnly(Map.entry("nvidia.com/vgpu", "1"), Map.entry("nvidia.com/gpumem", "8192"));
        assertThat(hami.place(new HardwareRequest("hami-vgpu", null, 1, null, 100)).resources())
                .containsOnly(Map.entry("nvidia.com/vgpu", "1"), Map.entry("nvidia.com/gpucores", "100"));
    }

    @Test
    void corePercentOutside1To100IsRefused() {
        assertThatThrownBy(() -> hami.place(new HardwareRequest("hami-vgpu", null, 1, null, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corePercent must be 1..100").hasMessageContaining("not 0");
        assertThatThrownBy(() -> hami.place(new HardwareRequest("hami-vgpu", null, 1, null, 101)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corePercent must be 1..100").hasMessageContaining("not 101");
    }

    @Test
    void memoryBelowOneMiBIsRefused() {
        assertThatThrownBy(() -> hami.place(new HardwareRequest("hami-vgpu", null, 1, 0, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoryMiB must be at least 1");
    }

    @Test
    void anUnknownModelIsTakenAsTheLabelValueAndAnInvalidOneIsRefused() {
        assertThat(hami.place(new HardwareRequest("hami-vgpu", "NVIDIA-RTX-A6000", 1, null, null)).nodeSelector())
                .containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-RTX-A6000"));
        assertThatThrownBy(() -> hami.place(new HardwareRequest("hami-vgpu", "A100/80", 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'A100/80'")
                .hasMessageContaining("L40S");
    }

    @Test
    void anotherAcceleratorsRequestIsRefused() {
        assertThatThrownBy(() -> hami.place(new HardwareRequest("nvidia-gpu", null, 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nvidia-gpu");
    }

    @Test
    void offersCountAllocatableVgpusNotWholeGpus() {
        List<NodeInfo> nodes = List.of(
                new NodeInfo("hami-1", Map.of("nvidia.com/gpu.product", "NVIDIA-L40S"),
                        Map.of("nvidia.com/vgpu", "40", "nvidia.com/gpu", "4")),
                new NodeInfo("whole-1", Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"),
                        Map.of("nvidia.com/gpu", "8")),
                new NodeInfo("cpu-1", Map.of(), Map.of("cpu", "16")),
                new NodeInfo("hami-2", Map.of(), Map.of("nvidia.com/vgpu", "10")),
                new NodeInfo("hami-empty", Map.of(), Map.of("nvidia.com/vgpu", "0")));

        assertThat(hami.offers(nodes)).containsExactly(
                new Offer("hami-1", "L40S", 40),
                new Offer("hami-2", null, 10));
    }

    @Test
    void resourceNamesFollowTheConfiguration() {
        // HAMi's chart default: vGPUs counted as nvidia.com/gpu
        HamiVgpu chartDefault = new HamiVgpu("nvidia.com/gpu", "nvidia.com/gpumem", "nvidia.com/gpucores",
                new ProductLabels());

        assertThat(chartDefault.place(new HardwareRequest("hami-vgpu", null, 1, 1024, null)).resources())
                .containsOnly(Map.entry("nvidia.com/gpu", "1"), Map.entry("nvidia.com/gpumem", "1024"));
        assertThat(chartDefault.offers(List.of(new NodeInfo("n", Map.of(), Map.of("nvidia.com/gpu", "20")))))
                .containsExactly(new Offer("n", null, 20));
    }

    private static String defaultString(String attribute) {
        return (String) defaultValue(attribute);
    }

    private static String[] defaultProducts() {
        return (String[]) defaultValue("products");
    }

    /** The typed configuration's defaults, as DS gives them without a configuration. */
    private static Object defaultValue(String attribute) {
        try {
            return HamiConfig.class.getMethod(attribute).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
