package org.csghub.compute.api;

import java.util.List;
import java.util.Map;

/**
 * Where and with what a workload runs, as Kubernetes understands it.
 *
 * @param resources    extended resources with quantities, set as requests and limits (e.g. {@code nvidia.com/gpu: 1})
 * @param nodeSelector labels the node must carry
 * @param tolerations  taints the workload tolerates
 * @param env          environment for the container (e.g. visible devices)
 */
public record Placement(Map<String, String> resources, Map<String, String> nodeSelector,
                        List<Toleration> tolerations, Map<String, String> env) {

    /** No accelerator: CPU only. */
    public static final Placement NONE = new Placement(Map.of(), Map.of(), List.of(), Map.of());

    public Placement {
        resources = resources == null ? Map.of() : Map.copyOf(resources);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A Kubernetes toleration; {@code operator} is {@code Exists} or {@code Equal}. */
    public record Toleration(String key, String operator, String value, String effect) {
    }
}
