package org.csghub.compute.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.csghub.compute.api.Cluster;

@Entity
@Table(name = "compute_cluster")
public class ClusterRecord {

    @Id
    @Column(length = 63)
    String id;
    @Column(nullable = false, length = 128)
    String name;
    @Column(length = 64)
    String region;
    @Column(length = 64)
    String zone;
    @Column(length = 64)
    String provider;
    @Column(nullable = false, length = 64)
    String runtime;
    @Column(nullable = false)
    boolean enabled;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    Cluster value() {
        return new Cluster(id, name, region, zone, provider, runtime, enabled);
    }
}
