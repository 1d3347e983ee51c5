package org.csghub.compute.api;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * A hardware resource users pick when they deploy, fine-tune or evaluate: CPU, memory and optionally an
 * accelerator, in one cluster, at a price.
 *
 * @param accelerator the accelerator part, or {@code null} for CPU only
 * @param pricePerHour in the hub's currency; zero when free
 * @param operations  what it may be used for
 */
public record HardwareSku(long id, String name, String clusterId, double cpu, long memoryMiB,
                          HardwareRequest accelerator, BigDecimal pricePerHour, Set<OperationType> operations,
                          boolean enabled) {

    public HardwareSku {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clusterId, "clusterId");
        pricePerHour = pricePerHour == null ? BigDecimal.ZERO : pricePerHour;
        operations = operations == null ? Set.of() : Set.copyOf(operations);
    }
}
