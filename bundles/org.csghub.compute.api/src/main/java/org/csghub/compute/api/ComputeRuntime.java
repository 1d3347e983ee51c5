package org.csghub.compute.api;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where workloads run: local processes (Lite) or a Kubernetes cluster. The hub's controller is level-triggered:
 * it applies the desired spec and reads {@link #observe} on every pass, so every method is idempotent and
 * {@code observe} is cheap (served from a watch cache, not a remote call per request).
 */
@ConsumerType
public interface ComputeRuntime {

    /** The key clusters name, e.g. {@code local}, {@code kubernetes}. */
    String name();

    /** Make the workload match the spec: create it, or update it where it differs. */
    void apply(LaunchSpec spec);

    /** Remove the workload and what belongs to it; nothing happens if it is gone. */
    void remove(String id);

    Observed observe(String id);

    /** The ids of the workloads this runtime holds for the hub, so the controller can adopt or clean up. */
    Set<String> workloads();

    /** Up to {@code lines} of the workload's latest log lines, oldest first. */
    List<String> logs(String id, int lines);

    /**
     * Tell {@code changed} the id of a workload whose observed state changed, so the controller reconciles it
     * at once rather than on its next pass.
     *
     * @return closes the subscription
     */
    AutoCloseable subscribe(Consumer<String> changed);

    /**
     * The nodes workloads can run on, for {@link Accelerator#offers}: a cluster's nodes with their labels and
     * allocatable resources, from a watch cache. Empty where the runtime has no nodes to show (or may not list them).
     *
     * @since 1.1
     */
    default List<NodeInfo> nodes() {
        return List.of();
    }
}
