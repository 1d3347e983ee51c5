package org.csghub.inference.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.csghub.accounts.api.ResourceRef;
import org.csghub.accounts.api.Visibility;
import org.csghub.compute.api.EndpointState;

/** An inference endpoint: what its owner asked for and what the controller last saw. */
@Entity
@Table(name = "inference_endpoint")
public class EndpointRecord {

    /** What the owner wants. */
    enum Desired { RUN, SLEEP, STOP, DELETE }

    static final String KIND = "endpoint";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    /** The runtime's workload name, {@code ep-<base36>}. */
    @Column(nullable = false, length = 63)
    String workload;
    @Column(nullable = false, length = 64)
    String name;
    @Column(name = "owner_id", nullable = false)
    long ownerId;
    @Column(name = "owner_name", nullable = false, length = 64)
    String ownerName;
    @Column(name = "repo_id", nullable = false)
    long repoId;
    @Column(name = "repo_type", nullable = false, length = 32)
    String repoType;
    @Column(name = "repo_namespace", nullable = false, length = 64)
    String repoNamespace;
    @Column(name = "repo_name", nullable = false, length = 128)
    String repoName;
    @Column(nullable = false, length = 255)
    String revision;
    @Column(name = "commit_id", nullable = false, length = 64)
    String commitId;
    @Column(nullable = false, length = 64)
    String engine;
    /** The engine arguments the owner set, as a JSON object of strings. */
    @Column(name = "engine_args", nullable = false, length = 4000)
    String engineArgs;
    @Column(name = "cluster_id", nullable = false, length = 63)
    String clusterId;
    @Column(name = "resource_id", nullable = false)
    long resourceId;
    @Column(name = "min_replicas", nullable = false)
    int minReplicas;
    @Column(name = "max_replicas", nullable = false)
    int maxReplicas;
    @Column(name = "private_endpoint", nullable = false)
    boolean privateEndpoint;
    /** Idle seconds after which a running endpoint goes to sleep (its workload removed); 0: never. */
    @Column(name = "sleep_after_seconds", nullable = false)
    int sleepAfterSeconds;
    /** The last request through the gateway, or the last start. */
    @Column(name = "last_active_at", nullable = false)
    Instant lastActiveAt;
    @Column(nullable = false, length = 16)
    String desired;
    @Column(nullable = false, length = 32)
    String state;
    @Column(length = 64)
    String reason;
    @Column(length = 2000)
    String message;
    /** The engine's last log lines when it failed, newline-separated. */
    @Column(name = "log_tail", length = 8000)
    String logTail;
    @Column(length = 512)
    String url;
    @Column(nullable = false)
    int replicas;
    @Column(name = "ready_replicas", nullable = false)
    int readyReplicas;
    @Column(length = 64)
    String leader;
    @Column(name = "lease_until")
    Instant leaseUntil;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
    @Column(name = "state_since", nullable = false)
    Instant stateSince;
    @Version
    @Column(nullable = false)
    long version;

    Desired desired() {
        return Desired.valueOf(desired);
    }

    EndpointState state() {
        return EndpointState.valueOf(state);
    }

    String repoPath() {
        return repoNamespace + "/" + repoName;
    }

    /** What the permission service sees: an asset of the owner's namespace. */
    ResourceRef ref() {
        return new ResourceRef(KIND, ownerName, workload, privateEndpoint ? Visibility.PRIVATE : Visibility.PUBLIC);
    }
}
