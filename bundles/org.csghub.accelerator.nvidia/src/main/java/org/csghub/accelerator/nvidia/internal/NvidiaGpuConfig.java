package org.csghub.accelerator.nvidia.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code org.csghub.accelerator.nvidia} (conf/org.csghub.accelerator.nvidia.cfg); optional. */
@ObjectClassDefinition(name = "CSGHub accelerator: NVIDIA GPU")
public @interface NvidiaGpuConfig {

    String PID = "org.csghub.accelerator.nvidia";

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
