package org.csghub.accelerator.nvidia.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.csghub.compute.api.Accelerator.Offer;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Placement;
import org.junit.jupiter.api.Test;

class NvidiaGpuTest {

    private final NvidiaGpu gpu = new NvidiaGpu(defaults());

    @Test
    void namesItselfAndItsComputeType() {
        assertThat(gpu.name()).isEqualTo("nvidia-gpu");
        assertThat(gpu.computeType()).isEqualTo("gpu");
    }

    @Test
    void aKnownModelBecomesTheProductLabelGfdWrites() {
        Placement p = gpu.place(new HardwareRequest("nvidia-gpu", "A100", 2, null, null));

        assertThat(p.resources()).containsExactly(Map.entry("nvidia.com/gpu", "2"));
        assertThat(p.nodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"));
        assertThat(p.tolerations()).containsExactly(
                new Placement.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"));
        assertThat(p.env()).isEmpty();
    }

    @Test
    void shortModelsMatchInAnyCase() {
        assertThat(gpu.place(new HardwareRequest("nvidia-gpu", "l40s", 1, null, null)).nodeSelector())
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-L40S");
        assertThat(gpu.place(new HardwareRequest("nvidia-gpu", "T4", 1, null, null)).nodeSelector())
                .containsEntry("nvidia.com/gpu.product", "Tesla-T4");
    }

    @Test
    void anUnknownModelIsTakenAsTheLabelValue() {
        Placement p = gpu.place(new HardwareRequest("nvidia-gpu", "NVIDIA-RTX-A6000", 1, null, null));

        assertThat(p.nodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-RTX-A6000"));
    }

    @Test
    void noModelMeansAnyGpu() {
        Placement p = gpu.place(new HardwareRequest("nvidia-gpu", null, 8, null, null));

        assertThat(p.resources()).containsExactly(Map.entry("nvidia.com/gpu", "8"));
        assertThat(p.nodeSelector()).isEmpty();
        assertThat(p.tolerations()).hasSize(1);
    }

    @Test
    void aModelThatCannotBeALabelValueIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> gpu.place(new HardwareRequest("nvidia-gpu", "A100 80GB", 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'A100 80GB'")
                .hasMessageContaining("H100")
                .hasMessageContaining("nvidia.com/gpu.product");
    }

    @Test
    void partitionSizesAreRefused() {
        assertThatThrownBy(() -> gpu.place(new HardwareRequest("nvidia-gpu", "A100", 1, 20480, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole GPUs")
                .hasMessageContaining("hami-vgpu");
        assertThatThrownBy(() -> gpu.place(new HardwareRequest("nvidia-gpu", null, 1, null, 50)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole GPUs");
    }

    @Test
    void anotherAcceleratorsRequestIsRefused() {
        assertThatThrownBy(() -> gpu.place(new HardwareRequest("ascend-npu", null, 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend-npu");
    }

    @Test
    void offersCountAllocatableGpusPerNodeWithTheShortModel() {
        List<NodeInfo> nodes = List.of(
                new NodeInfo("a100-1", Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"),
                        Map.of("cpu", "96", "nvidia.com/gpu", "8")),
                new NodeInfo("cpu-1", Map.of(), Map.of("cpu", "32", "memory", "128Gi")),
                new NodeInfo("a6000-1", Map.of("nvidia.com/gpu.product", "NVIDIA-RTX-A6000"),
                        Map.of("nvidia.com/gpu", "4")),
                // a MIG node in the mixed strategy: its GPUs are all partitioned
                new NodeInfo("mig-1", Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-40GB"),
                        Map.of("nvidia.com/gpu", "0", "nvidia.com/mig-1g.5gb", "14")),
                new NodeInfo("unlabelled", Map.of(), Map.of("nvidia.com/gpu", "1")),
                new NodeInfo("odd", Map.of(), Map.of("nvidia.com/gpu", "lots")));

        assertThat(gpu.offers(nodes)).containsExactly(
                new Offer("a100-1", "A100", 8),
                new Offer("a6000-1", "NVIDIA-RTX-A6000", 4),
                new Offer("unlabelled", null, 1));
    }

    @Test
    void configuredProductsReplaceTheDefaults() {
        NvidiaGpu custom = new NvidiaGpu(new ProductLabels("A100=NVIDIA-A100-PCIE-40GB"));

        assertThat(custom.place(new HardwareRequest("nvidia-gpu", "A100", 1, null, null)).nodeSelector())
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-PCIE-40GB");
        assertThat(custom.offers(List.of(new NodeInfo("n", Map.of("nvidia.com/gpu.product", "NVIDIA-A100-PCIE-40GB"),
                Map.of("nvidia.com/gpu", "2"))))).containsExactly(new Offer("n", "A100", 2));
    }

    @Test
    void aMalformedProductEntryFailsActivation() {
        assertThatThrownBy(() -> new ProductLabels("A100"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model=label");
        assertThatThrownBy(() -> new ProductLabels("A100=NVIDIA A100"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'A100=NVIDIA A100'");
    }

    /** The defaults of the typed configuration, read from the annotation as DS would without a configuration. */
    static ProductLabels defaults() {
        try {
            String[] products = (String[]) NvidiaGpuConfig.class.getMethod("products").getDefaultValue();
            return new ProductLabels(products);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

}
