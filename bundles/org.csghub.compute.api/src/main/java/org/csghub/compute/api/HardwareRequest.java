package org.csghub.compute.api;

import java.util.Objects;

/**
 * The accelerator part of a hardware SKU.
 *
 * @param accelerator the {@link Accelerator#name()} that places it, e.g. {@code nvidia-gpu}, {@code hami-vgpu},
 *                    {@code nvidia-mig}, {@code ascend-npu}
 * @param model       the device model or partition profile, e.g. {@code A100}, {@code 1g.10gb},
 *                    {@code Ascend910B}; may be {@code null} for any
 * @param count       devices or partitions
 * @param memoryMiB   device memory per device, for partitioners (HAMi); {@code null} for whole devices
 * @param corePercent compute share per device in percent, for partitioners; {@code null} for whole devices
 */
public record HardwareRequest(String accelerator, String model, int count, Integer memoryMiB, Integer corePercent) {

    public HardwareRequest {
        Objects.requireNonNull(accelerator, "accelerator");
        if (count < 1) {
            throw new IllegalArgumentException("accelerator count must be at least 1");
        }
    }
}
