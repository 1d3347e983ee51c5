package org.csghub.compute.api;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of accelerator (whole NVIDIA GPUs, HAMi vGPU, MIG partitions, Ascend NPUs), registered by its bundle.
 */
@ConsumerType
public interface Accelerator {

    /** The key hardware SKUs name in {@link HardwareRequest#accelerator()}, e.g. {@code nvidia-gpu}. */
    String name();

    /** Which engine images run on it: {@code gpu} or {@code npu} (see {@link EngineImage#computeType()}). */
    String computeType();

    /**
     * Resource names, node selection and tolerations for a request.
     *
     * @throws IllegalArgumentException when the request cannot be expressed (e.g. a MIG profile that does not
     *                                  exist), saying why
     */
    Placement place(HardwareRequest request);

    /** What the nodes offer of this accelerator, one entry per node and model that has any. */
    List<Offer> offers(List<NodeInfo> nodes);

    /** {@code count} devices or partitions of {@code model} allocatable on {@code node}. */
    record Offer(String node, String model, int count) {
    }
}
