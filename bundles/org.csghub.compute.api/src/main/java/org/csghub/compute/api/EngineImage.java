package org.csghub.compute.api;

import java.util.List;
import java.util.Objects;

/**
 * A container image of an engine for one kind of compute.
 *
 * @param computeType   {@code cpu}, {@code gpu} or {@code npu}: what {@link Accelerator#computeType()} names
 * @param image         the image reference, e.g. {@code vllm/vllm-openai:v0.11.0}
 * @param engineVersion the engine's version in that image
 * @param extraArchitectures model architectures only this image serves, beside the engine's own list
 */
public record EngineImage(String computeType, String image, String engineVersion, List<String> extraArchitectures) {

    public EngineImage {
        Objects.requireNonNull(computeType, "computeType");
        Objects.requireNonNull(image, "image");
        extraArchitectures = extraArchitectures == null ? List.of() : List.copyOf(extraArchitectures);
    }
}
