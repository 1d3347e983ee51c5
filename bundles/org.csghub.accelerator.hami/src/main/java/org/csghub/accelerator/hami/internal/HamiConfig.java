package org.csghub.accelerator.hami.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code org.csghub.accelerator.hami} (conf/org.csghub.accelerator.hami.cfg); optional. The resource names
 * are the ones HAMi's chart is installed with ({@code resourceName}, {@code resourceMem}, {@code resourceCores}).
 */
@ObjectClassDefinition(name = "CSGHub accelerator: HAMi vGPU")
public @interface HamiConfig {

    String PID = "org.csghub.accelerator.hami";

    @AttributeDefinition(description = "The vGPU count resource (HAMi chart: resourceName); nvidia.com/vgpu keeps it "
            + "apart from the NVIDIA device plugin's nvidia.com/gpu")
    String resourceName() default "nvidia.com/vgpu";

    @AttributeDefinition(description = "The device memory resource in MiB per vGPU (HAMi chart: resourceMem)")
    String resourceMem() default "nvidia.com/gpumem";

    @AttributeDefinition(description = "The compute share resource in percent per vGPU (HAMi chart: resourceCores)")
    String resourceCores() default "nvidia.com/gpucores";

    @AttributeDefinition(description = "Short model names and the nvidia.com/gpu.product label GPU feature discovery "
            + "writes for them, as model=label; a model not listed here is matched against the label verbatim")
    String[] products() default {
        "A100=NVIDIA-A100-SXM4-80GB", "A100-40GB=NVIDIA-A100-SXM4-40GB", "A100-PCIE-40GB=NVIDIA-A100-PCIE-40GB",
        "A100-PCIE-80GB=NVIDIA-A100-80GB-PCIe", "A800=NVIDIA-A800-SXM4-80GB", "H100=NVIDIA-H100-80GB-HBM3",
        "H100-PCIE=NVIDIA-H100-PCIe", "H100-NVL=NVIDIA-H100-NVL", "H800=NVIDIA-H800", "H200=NVIDIA-H200",
        "H20=NVIDIA-H20", "L40S=NVIDIA-L40S", "L40=NVIDIA-L40", "L20=NVIDIA-L20", "L4=NVIDIA-L4",
        "A10=NVIDIA-A10", "A10G=NVIDIA-A10G", "A30=NVIDIA-A30", "A40=NVIDIA-A40", "T4=Tesla-T4",
        "V100=Tesla-V100-SXM2-32GB", "V100-16GB=Tesla-V100-SXM2-16GB", "RTX4090=NVIDIA-GeForce-RTX-4090"
    };
}
