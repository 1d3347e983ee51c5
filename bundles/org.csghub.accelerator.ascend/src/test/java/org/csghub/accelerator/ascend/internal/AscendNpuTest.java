package org.csghub.accelerator.ascend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.csghub.compute.api.Accelerator.Offer;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AscendNpuTest {

    private final AscendNpu ascend = new AscendNpu();

    @Test
    void namesItselfAndItsComputeType() {
        assertThat(ascend.name()).isEqualTo("ascend-npu");
        assertThat(ascend.computeType()).isEqualTo("npu");
    }

    @Test
    void a910BUsesThe910ResourceLabelAndTaint() {
        Placement p = ascend.place(new HardwareRequest("ascend-npu", "Ascend910B", 8, null, null));

        assertThat(p.resources()).containsExactly(Map.entry("huawei.com/Ascend910", "8"));
        assertThat(p.nodeSelector()).containsExactly(Map.entry("accelerator", "huawei-Ascend910"));
        assertThat(p.tolerations()).containsExactly(
                new Placement.Toleration("huawei.com/Ascend910", "Exists", null, "NoSchedule"));
        assertThat(p.env()).as("ASCEND_VISIBLE_DEVICES is the device plugin's").isEmpty();
    }

    @Test
    void a310PHasItsOwnResourceLabelAndTaint() {
        Placement p = ascend.place(new HardwareRequest("ascend-npu", "Ascend310P3", 1, null, null));

        assertThat(p.resources()).containsExactly(Map.entry("huawei.com/Ascend310P", "1"));
        assertThat(p.nodeSelector()).containsExactly(Map.entry("accelerator", "huawei-Ascend310P"));
        assertThat(p.tolerations()).extracting(Placement.Toleration::key).containsExactly("huawei.com/Ascend310P");
    }

    @ParameterizedTest
    @CsvSource({
        "Ascend910, Ascend910", "Ascend910B, Ascend910", "Ascend910B3, Ascend910", "Ascend910B4, Ascend910",
        "ascend910b, Ascend910", "910B, Ascend910", "Ascend310P, Ascend310P", "310P3, Ascend310P",
        "Ascend310, Ascend310"})
    void theModelPicksTheFamily(String model, String family) {
        assertThat(AscendNpu.family(model)).isEqualTo(family);
    }

    @Test
    void noModelMeansA910() {
        assertThat(ascend.place(new HardwareRequest("ascend-npu", null, 2, null, null)).resources())
                .containsExactly(Map.entry("huawei.com/Ascend910", "2"));
    }

    @Test
    void anUnknownModelIsRefusedNamingTheFamilies() {
        for (String model : List.of("A100", "Ascend310B", "Ascend920", "Ascend")) {
            assertThatThrownBy(() -> ascend.place(new HardwareRequest("ascend-npu", model, 1, null, null)))
                    .as(model).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown Ascend model '" + model + "'")
                    .hasMessageContaining("Ascend910").hasMessageContaining("Ascend310P");
        }
    }

    @Test
    void partitionSizesAndOtherAcceleratorsAreRefused() {
        assertThatThrownBy(() -> ascend.place(new HardwareRequest("ascend-npu", "Ascend910B", 1, 32768, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole NPUs");
        assertThatThrownBy(() -> ascend.place(new HardwareRequest("nvidia-gpu", "Ascend910B", 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nvidia-gpu");
    }

    @Test
    void offersWholeNpusPerNodeAndFamily() {
        List<NodeInfo> nodes = List.of(
                new NodeInfo("atlas-800", Map.of("accelerator", "huawei-Ascend910"),
                        Map.of("cpu", "192", "huawei.com/Ascend910", "8")),
                new NodeInfo("gpu-1", Map.of(), Map.of("nvidia.com/gpu", "8")),
                new NodeInfo("atlas-300", Map.of("accelerator", "huawei-Ascend310P"),
                        Map.of("huawei.com/Ascend310P", "4", "huawei.com/Ascend310P-2c", "8")),
                new NodeInfo("drained", Map.of(), Map.of("huawei.com/Ascend910", "0")),
                new NodeInfo("edge", Map.of(), Map.of("huawei.com/Ascend310", "1", "huawei.com/Ascend910-4c", "2")));

        assertThat(ascend.offers(nodes)).containsExactly(
                new Offer("atlas-800", "Ascend910", 8),
                new Offer("atlas-300", "Ascend310P", 4),
                new Offer("edge", "Ascend310", 1));
    }
}
