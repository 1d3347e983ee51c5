package org.csghub.compute.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The clusters and hardware resources admins configure; what the deploy forms offer. */
@ProviderType
public interface ResourceCatalog {

    List<Cluster> clusters();

    Optional<Cluster> cluster(String id);

    /**
     * Enabled resources of enabled clusters.
     *
     * @param clusterId a cluster, or {@code null} for all
     * @param type      an operation type, or {@code null} for all
     */
    List<HardwareSku> resources(String clusterId, OperationType type);

    Optional<HardwareSku> resource(long id);

    /** {@code cpu} for a CPU-only resource, else its accelerator's compute type; empty when that is not installed. */
    Optional<String> computeType(HardwareSku sku);

    /** The accelerator placement of a resource ({@link Placement#NONE} for CPU only). */
    Placement placement(HardwareSku sku);
}
