package org.csghub.accelerator.mig.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.csghub.compute.api.Accelerator.Offer;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Placement;
import org.junit.jupiter.api.Test;

class NvidiaMigTest {

    private final NvidiaMig mig = new NvidiaMig(defaultProfiles());

    @Test
    void namesItselfAndItsComputeType() {
        assertThat(mig.name()).isEqualTo("nvidia-mig");
        assertThat(mig.computeType()).isEqualTo("gpu");
    }

    @Test
    void aProfileBecomesItsMixedStrategyResource() {
        Placement p = mig.place(new HardwareRequest("nvidia-mig", "3g.40gb", 2, null, null));

        assertThat(p.resources()).containsExactly(Map.entry("nvidia.com/mig-3g.40gb", "2"));
        assertThat(p.nodeSelector()).isEmpty();
        assertThat(p.tolerations()).containsExactly(
                new Placement.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"));
        assertThat(p.env()).isEmpty();
    }

    @Test
    void profilesOfTheCommonGpusArePlaced() {
        for (String profile : List.of("1g.5gb", "1g.10gb", "2g.20gb", "7g.80gb", "1g.12gb", "1g.24gb", "2g.10gb",
                "3g.20gb", "7g.40gb", "4g.40gb")) {
            assertThat(mig.place(new HardwareRequest("nvidia-mig", profile, 1, null, null)).resources())
                    .containsOnlyKeys("nvidia.com/mig-" + profile);
        }
    }

    @Test
    void aProfileIsRequired() {
        assertThatThrownBy(() -> mig.place(new HardwareRequest("nvidia-mig", null, 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a MIG profile")
                .hasMessageContaining("1g.10gb");
        assertThatThrownBy(() -> mig.place(new HardwareRequest("nvidia-mig", " ", 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a MIG profile");
    }

    @Test
    void aMalformedProfileIsRefusedListingTheValidOnes() {
        assertThatThrownBy(() -> mig.place(new HardwareRequest("nvidia-mig", "A100", 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'A100' is not a MIG profile <n>g.<m>gb")
                .hasMessageContaining("[1g.5gb, 1g.6gb, 1g.10gb, 1g.12gb");
        assertThatThrownBy(() -> mig.place(new HardwareRequest("nvidia-mig", "3g.40GB", 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a MIG profile");
    }

    @Test
    void aWellFormedButUnknownProfileIsRefused() {
        assertThatThrownBy(() -> mig.place(new HardwareRequest("nvidia-mig", "5g.50gb", 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no GPU has the MIG profile 5g.50gb")
                .hasMessageContaining("7g.80gb");
    }

    @Test
    void partitionSizesBesideTheProfileAreRefused() {
        assertThatThrownBy(() -> mig.place(new HardwareRequest("nvidia-mig", "1g.10gb", 1, 10240, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hami-vgpu");
    }

    @Test
    void configuredProfilesAreTheValidOnes() {
        NvidiaMig b200 = new NvidiaMig("1g.23gb", "7g.180gb");

        assertThat(b200.place(new HardwareRequest("nvidia-mig", "7g.180gb", 1, null, null)).resources())
                .containsExactly(Map.entry("nvidia.com/mig-7g.180gb", "1"));
        assertThatThrownBy(() -> b200.place(new HardwareRequest("nvidia-mig", "1g.10gb", 1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1g.23gb, 7g.180gb]");
        assertThatThrownBy(() -> new NvidiaMig("1g.10gb", "mig-2g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mig-2g'");
    }

    @Test
    void offersOnePerNodeAndProfile() {
        List<NodeInfo> nodes = List.of(
                new NodeInfo("mig-a100", Map.of("nvidia.com/mig.strategy", "mixed"), Map.of(
                        "cpu", "64", "nvidia.com/gpu", "0",
                        "nvidia.com/mig-3g.40gb", "4", "nvidia.com/mig-1g.10gb", "14", "nvidia.com/mig-2g.20gb", "0")),
                new NodeInfo("whole-gpus", Map.of(), Map.of("nvidia.com/gpu", "8")),
                new NodeInfo("cpu-only", Map.of(), Map.of("cpu", "8")),
                new NodeInfo("mig-h100", Map.of(), Map.of("nvidia.com/mig-7g.80gb", "2",
                        "nvidia.com/mig-strategy-bogus", "1")));

        assertThat(mig.offers(nodes)).containsExactly(
                new Offer("mig-a100", "1g.10gb", 14),
                new Offer("mig-a100", "3g.40gb", 4),
                new Offer("mig-h100", "7g.80gb", 2));
    }

    /** The typed configuration's default, as DS gives it without a configuration. */
    private static String[] defaultProfiles() {
        try {
            return (String[]) MigConfig.class.getMethod("profiles").getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
