package org.csghub.compute.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a runtime is asked to run: one endpoint (or job) with its engine, model and resources. Applying the same
 * spec twice changes nothing; applying a changed spec rolls the workload.
 *
 * @param id          the workload's name, unique in the hub, DNS-label safe (e.g. {@code ep-1a2b3c})
 * @param engine      the engine's {@link EngineDescriptor}
 * @param image       the chosen image (container runtimes); {@code null} for local processes
 * @param arguments   the rendered engine arguments, appended to the engine's command template
 * @param env         extra environment
 * @param model       where the model comes from
 * @param resources   CPU, memory and accelerator placement
 * @param minReplicas 0 allows scale to zero
 * @param maxReplicas at least {@code max(1, minReplicas)}
 * @param labels      labels to put on what the runtime creates (owner, repository, ...)
 * @param scheduler   a scheduler name (e.g. {@code volcano}); {@code null} for the default
 */
public record LaunchSpec(String id, EngineDescriptor engine, String image, List<String> arguments,
                         Map<String, String> env, ModelSource model, Resources resources, int minReplicas,
                         int maxReplicas, Map<String, String> labels, String scheduler) {

    public LaunchSpec {
        Objects.requireNonNull(id, "id");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("workload id must be a DNS label: " + id);
        }
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(resources, "resources");
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        env = env == null ? Map.of() : Map.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (minReplicas < 0 || maxReplicas < Math.max(1, minReplicas)) {
            throw new IllegalArgumentException("replicas: need 0 <= min <= max and max >= 1");
        }
    }

    /** Whether {@code id} can name a workload: a DNS label, so also never a path outside a directory. */
    public static boolean isValidId(String id) {
        return id != null && id.matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    }

    /**
     * A model in this hub, fetched by the runtime through the hub's HF-compatible API.
     *
     * @param hubUrl    the hub's base URL as the workload reaches it (the HF endpoint is {@code hubUrl + "/hf"})
     * @param repo      {@code namespace/name}
     * @param revision  a commit id, so every replica loads the same files
     * @param token     a short-lived read token; {@code null} for a public model
     * @param servedName the model name the engine announces
     */
    public record ModelSource(String hubUrl, String repo, String revision, String token, String servedName) {

        public ModelSource {
            Objects.requireNonNull(hubUrl, "hubUrl");
            Objects.requireNonNull(repo, "repo");
            Objects.requireNonNull(revision, "revision");
        }

        @Override
        public String toString() { // the token stays out of logs
            return "ModelSource[" + repo + "@" + revision + " from " + hubUrl + "]";
        }
    }

    /**
     * @param cpu       cores (may be fractional)
     * @param memoryMiB memory
     * @param placement the accelerator part, from an {@link Accelerator}; {@link Placement#NONE} for CPU only
     * @param computeType {@code cpu}, {@code gpu} or {@code npu}
     */
    public record Resources(double cpu, long memoryMiB, Placement placement, String computeType) {

        public Resources {
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(computeType, "computeType");
        }
    }
}
