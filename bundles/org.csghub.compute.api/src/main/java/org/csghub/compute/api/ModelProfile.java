package org.csghub.compute.api;

import java.util.List;
import java.util.Objects;

/**
 * What the hub knows of a model at a revision, for matching engines: its format and architectures, from
 * {@code config.json} ({@code architectures}) or a GGUF header ({@code general.architecture}).
 *
 * @param format        {@code safetensors}, {@code gguf}, {@code pytorch}, ... ({@code unknown} when nothing fits)
 * @param architectures e.g. {@code LlamaForCausalLM}, or {@code llama} for GGUF
 * @param sizeBytes     the weights' total size, for memory estimates
 */
public record ModelProfile(String format, List<String> architectures, long sizeBytes) {

    public ModelProfile {
        Objects.requireNonNull(format, "format");
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
    }
}
