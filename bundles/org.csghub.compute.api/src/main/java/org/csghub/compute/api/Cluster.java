package org.csghub.compute.api;

import java.util.Objects;

/**
 * Where workloads run: a region's Kubernetes cluster, or this machine (Lite).
 *
 * @param id       a short key, e.g. {@code local}, {@code gpu-east}
 * @param runtime  the {@link ComputeRuntime#name()} that runs its workloads
 * @param enabled  whether new workloads may be placed there
 */
public record Cluster(String id, String name, String region, String zone, String provider, String runtime,
                      boolean enabled) {

    public Cluster {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(runtime, "runtime");
        name = name == null || name.isBlank() ? id : name;
    }
}
