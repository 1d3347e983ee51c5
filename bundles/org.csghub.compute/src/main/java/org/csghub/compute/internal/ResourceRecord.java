package org.csghub.compute.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.HardwareSku;
import org.csghub.compute.api.OperationType;

@Entity
@Table(name = "compute_resource")
public class ResourceRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(nullable = false, length = 128)
    String name;
    @Column(name = "cluster_id", nullable = false, length = 63)
    String clusterId;
    @Column(nullable = false)
    double cpu;
    @Column(name = "memory_mib", nullable = false)
    long memoryMiB;
    @Column(length = 64)
    String accelerator;
    @Column(name = "accelerator_model", length = 64)
    String acceleratorModel;
    @Column(name = "accelerator_count")
    Integer acceleratorCount;
    @Column(name = "accelerator_memory_mib")
    Integer acceleratorMemoryMiB;
    @Column(name = "accelerator_core_percent")
    Integer acceleratorCorePercent;
    @Column(name = "price_per_hour", nullable = false, precision = 12, scale = 4)
    BigDecimal pricePerHour;
    /** Comma-separated {@link OperationType#wireName()}s. */
    @Column(nullable = false, length = 128)
    String operations;
    @Column(nullable = false)
    boolean enabled;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    HardwareSku value() {
        HardwareRequest request = accelerator == null ? null : new HardwareRequest(accelerator, acceleratorModel,
                acceleratorCount == null ? 1 : acceleratorCount, acceleratorMemoryMiB, acceleratorCorePercent);
        return new HardwareSku(id, name, clusterId, cpu, memoryMiB, request, pricePerHour, operations(operations),
                enabled);
    }

    void accelerator(HardwareRequest request) {
        accelerator = request == null ? null : request.accelerator();
        acceleratorModel = request == null ? null : request.model();
        acceleratorCount = request == null ? null : request.count();
        acceleratorMemoryMiB = request == null ? null : request.memoryMiB();
        acceleratorCorePercent = request == null ? null : request.corePercent();
    }

    static Set<OperationType> operations(String joined) {
        Set<OperationType> out = EnumSet.noneOf(OperationType.class);
        Arrays.stream(joined.split(",")).filter(s -> !s.isBlank()).map(OperationType::parse).forEach(out::add);
        return out;
    }

    static String join(Set<OperationType> operations) {
        return operations.stream().sorted().map(OperationType::wireName).collect(Collectors.joining(","));
    }
}
