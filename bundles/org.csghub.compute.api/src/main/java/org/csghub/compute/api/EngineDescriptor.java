package org.csghub.compute.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine is, as data: usually read from an {@code engine.json} in the engine's bundle.
 *
 * <p>{@link #command()} and {@link #localCommand()} are templates: {@code {model_dir}}, {@code {model_file}}
 * (the model's first GGUF file), {@code {port}} and {@code {served_model_name}} are filled in by the runtime,
 * which alone knows where it put the model; the rendered {@link #args() arguments} follow the template.
 *
 * @param name             the key, e.g. {@code vllm}; what endpoints store
 * @param displayName      e.g. {@code vLLM}
 * @param description      one line for the engine list
 * @param formats          model formats it loads: {@code safetensors}, {@code gguf}, ...
 * @param architectures    HF {@code config.json} architectures (or GGUF {@code general.architecture} values) it
 *                         serves; empty: any model of a supported format
 * @param images           images per compute type
 * @param port             the port it listens on in a container
 * @param healthPath       liveness path
 * @param readinessPath    readiness path: 200 once the model is loaded
 * @param openaiBasePath   where its OpenAI-compatible API lives, e.g. {@code /v1}
 * @param command          the container command (empty: the image's entrypoint) followed by the rendered args
 * @param localCommand     how a local process runs it, for runtimes without containers; empty: it cannot
 * @param args             the engine-argument schema
 * @param quantizations    quantization options offered to users (e.g. {@code awq}, {@code gptq}, {@code Q4_K_M})
 * @param env              environment the engine needs
 */
public record EngineDescriptor(String name, String displayName, String description, List<String> formats,
                               List<String> architectures, List<EngineImage> images, int port, String healthPath,
                               String readinessPath, String openaiBasePath, List<String> command,
                               List<String> localCommand, List<EngineArg> args, List<String> quantizations,
                               Map<String, String> env) {

    public EngineDescriptor {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("engine name must be lower-case letters, digits, '.', '_' or '-': "
                    + name);
        }
        displayName = displayName == null ? name : displayName;
        formats = formats == null ? List.of() : List.copyOf(formats);
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        images = images == null ? List.of() : List.copyOf(images);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("engine " + name + ": port must be 1-65535");
        }
        healthPath = healthPath == null ? "/health" : healthPath;
        readinessPath = readinessPath == null ? healthPath : readinessPath;
        openaiBasePath = openaiBasePath == null ? "/v1" : openaiBasePath;
        command = command == null ? List.of() : List.copyOf(command);
        localCommand = localCommand == null ? List.of() : List.copyOf(localCommand);
        args = args == null ? List.of() : List.copyOf(args);
        quantizations = quantizations == null ? List.of() : List.copyOf(quantizations);
        env = env == null ? Map.of() : Map.copyOf(env);
        for (EngineArg a : args) {
            if (args.stream().filter(b -> b.name().equals(a.name())).count() > 1) {
                throw new IllegalArgumentException("engine " + name + ": argument " + a.name() + " twice");
            }
        }
    }
}
