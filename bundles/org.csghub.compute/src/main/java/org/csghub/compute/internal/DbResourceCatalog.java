package org.csghub.compute.internal;

import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.csghub.compute.api.Accelerator;
import org.csghub.compute.api.Cluster;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.HardwareSku;
import org.csghub.compute.api.OperationType;
import org.csghub.compute.api.Placement;
import org.csghub.compute.api.ResourceCatalog;
import org.csghub.persistence.api.Transactions;
import org.csghub.rest.ApiException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue in the database. Accelerators come and go as bundles: a resource whose accelerator is not
 * installed stays in the catalogue but is not offered ({@link #resources}) and cannot be placed.
 */
@Component(service = {ResourceCatalog.class, DbResourceCatalog.class}, configurationPid = CatalogueConfig.PID)
@Designate(ocd = CatalogueConfig.class)
public class DbResourceCatalog implements ResourceCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(DbResourceCatalog.class);
    static final String ID_PATTERN = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    private final Transactions tx;
    private final Map<String, Accelerator> accelerators = new ConcurrentHashMap<>();

    @Activate
    public DbResourceCatalog(@Reference Transactions tx, CatalogueConfig config) {
        this.tx = tx;
        if (!config.bootstrapCluster().isBlank()) {
            bootstrap(config);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAccelerator(Accelerator accelerator) {
        accelerators.put(accelerator.name(), accelerator);
    }

    void removeAccelerator(Accelerator accelerator) {
        accelerators.remove(accelerator.name(), accelerator);
    }

    private void bootstrap(CatalogueConfig config) {
        try {
            tx.run(em -> {
                long clusters = em.createQuery("select count(c) from ClusterRecord c", Long.class).getSingleResult();
                if (clusters > 0) {
                    return;
                }
                ClusterRecord cluster = new ClusterRecord();
                cluster.id = config.bootstrapCluster();
                cluster.name = "This machine";
                cluster.runtime = "local";
                cluster.enabled = true;
                cluster.createdAt = Instant.now();
                em.persist(cluster);
                ResourceRecord cpu = new ResourceRecord();
                cpu.name = "cpu-basic";
                cpu.clusterId = cluster.id;
                cpu.cpu = config.bootstrapCpu();
                cpu.memoryMiB = config.bootstrapMemoryMiB();
                cpu.pricePerHour = BigDecimal.ZERO;
                cpu.operations = ResourceRecord.join(EnumSet.allOf(OperationType.class));
                cpu.enabled = true;
                cpu.createdAt = Instant.now();
                em.persist(cpu);
                LOG.info("Created cluster {} (local runtime) with resource cpu-basic", cluster.id);
            });
        } catch (RuntimeException e) { // another replica created it first
            LOG.debug("Bootstrap of the catalogue skipped: {}", e.toString());
        }
    }

    // ---- ResourceCatalog

    @Override
    public List<Cluster> clusters() {
        return tx.readOnly(em -> em.createQuery("select c from ClusterRecord c order by c.id", ClusterRecord.class)
                .getResultList().stream().map(ClusterRecord::value).toList());
    }

    @Override
    public Optional<Cluster> cluster(String id) {
        return tx.readOnly(em -> Optional.ofNullable(em.find(ClusterRecord.class, id)).map(ClusterRecord::value));
    }

    @Override
    public List<HardwareSku> resources(String clusterId, OperationType type) {
        List<String> enabledClusters = clusters().stream().filter(Cluster::enabled).map(Cluster::id).toList();
        return allResources().stream()
                .filter(r -> r.enabled() && enabledClusters.contains(r.clusterId()))
                .filter(r -> clusterId == null || r.clusterId().equals(clusterId))
                .filter(r -> type == null || r.operations().contains(type))
                .filter(r -> computeType(r).isPresent())
                .toList();
    }

    List<HardwareSku> allResources() {
        return tx.readOnly(em -> em.createQuery("select r from ResourceRecord r order by r.clusterId, r.id",
                ResourceRecord.class).getResultList().stream().map(ResourceRecord::value).toList());
    }

    @Override
    public Optional<HardwareSku> resource(long id) {
        return tx.readOnly(em -> Optional.ofNullable(em.find(ResourceRecord.class, id)).map(ResourceRecord::value));
    }

    @Override
    public Optional<String> computeType(HardwareSku sku) {
        if (sku.accelerator() == null) {
            return Optional.of("cpu");
        }
        return Optional.ofNullable(accelerators.get(sku.accelerator().accelerator())).map(Accelerator::computeType);
    }

    @Override
    public Placement placement(HardwareSku sku) {
        if (sku.accelerator() == null) {
            return Placement.NONE;
        }
        Accelerator accelerator = accelerators.get(sku.accelerator().accelerator());
        if (accelerator == null) {
            throw new IllegalStateException("accelerator " + sku.accelerator().accelerator() + " of resource "
                    + sku.name() + " is not installed");
        }
        return accelerator.place(sku.accelerator());
    }

    List<String> acceleratorNames() {
        return accelerators.keySet().stream().sorted().toList();
    }

    // ---- administration (REST)

    Cluster putCluster(String id, CatalogueViews.ClusterBody body, boolean create) {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw new ApiException(400, "invalid_field", "id: lower-case letters, digits and '-', at most 63",
                    Map.of("field", "id"));
        }
        if (create && (body.runtime() == null || body.runtime().isBlank())) {
            throw new ApiException(400, "invalid_field", "runtime is required (local, kubernetes)",
                    Map.of("field", "runtime"));
        }
        return tx.inTransaction(em -> {
            ClusterRecord row = em.find(ClusterRecord.class, id);
            if (create && row != null) {
                throw ApiException.conflict("Cluster " + id + " exists");
            }
            if (!create && row == null) {
                throw ApiException.notFound("No cluster " + id);
            }
            if (row == null) {
                row = new ClusterRecord();
                row.id = id;
                row.createdAt = Instant.now();
                row.enabled = true;
                row.name = id;
            }
            if (body.name() != null) {
                row.name = body.name();
            }
            row.region = body.region() != null ? body.region() : row.region;
            row.zone = body.zone() != null ? body.zone() : row.zone;
            row.provider = body.provider() != null ? body.provider() : row.provider;
            row.runtime = body.runtime() != null && !body.runtime().isBlank() ? body.runtime() : row.runtime;
            row.enabled = body.enabled() != null ? body.enabled() : row.enabled;
            if (create) {
                em.persist(row);
            }
            return row.value();
        });
    }

    void deleteCluster(String id) {
        tx.run(em -> {
            ClusterRecord row = em.find(ClusterRecord.class, id);
            if (row == null) {
                throw ApiException.notFound("No cluster " + id);
            }
            long resources = em.createQuery("select count(r) from ResourceRecord r where r.clusterId = :c", Long.class)
                    .setParameter("c", id).getSingleResult();
            if (resources > 0) {
                throw ApiException.conflict("Cluster " + id + " still has " + resources
                        + " resources; delete or move them first");
            }
            em.remove(row);
        });
    }

    HardwareSku createResource(CatalogueViews.ResourceBody body) {
        ResourceRecord row = new ResourceRecord();
        row.createdAt = Instant.now();
        row.enabled = true;
        row.pricePerHour = BigDecimal.ZERO;
        return tx.inTransaction(em -> {
            apply(em, row, body, true);
            em.persist(row);
            return row.value();
        });
    }

    HardwareSku updateResource(long id, CatalogueViews.ResourceBody body) {
        return tx.inTransaction(em -> {
            ResourceRecord row = em.find(ResourceRecord.class, id);
            if (row == null) {
                throw ApiException.notFound("No resource " + id);
            }
            apply(em, row, body, false);
            return row.value();
        });
    }

    void deleteResource(long id) {
        tx.run(em -> {
            ResourceRecord row = em.find(ResourceRecord.class, id);
            if (row == null) {
                throw ApiException.notFound("No resource " + id);
            }
            em.remove(row);
        });
    }

    private void apply(EntityManager em, ResourceRecord row, CatalogueViews.ResourceBody body, boolean create) {
        if (body.name() != null || create) {
            if (body.name() == null || body.name().isBlank() || body.name().length() > 128) {
                throw invalid("name", "name is required, at most 128 characters");
            }
            row.name = body.name().trim();
        }
        if (body.clusterId() != null || create) {
            if (body.clusterId() == null || em.find(ClusterRecord.class, body.clusterId()) == null) {
                throw invalid("clusterId", "clusterId must name an existing cluster");
            }
            row.clusterId = body.clusterId();
        }
        if (body.cpu() != null || create) {
            if (body.cpu() == null || !(body.cpu() > 0) || body.cpu() > 1024) {
                throw invalid("cpu", "cpu must be a number of cores above 0");
            }
            row.cpu = body.cpu();
        }
        if (body.memoryMiB() != null || create) {
            if (body.memoryMiB() == null || body.memoryMiB() < 64) {
                throw invalid("memoryMiB", "memoryMiB must be at least 64");
            }
            row.memoryMiB = body.memoryMiB();
        }
        if (body.accelerator() != null) {
            CatalogueViews.AcceleratorBody a = body.accelerator();
            if (a.name() == null || a.name().isBlank()) {
                row.accelerator(null); // {"accelerator": {}} removes it
            } else {
                HardwareRequest request;
                try {
                    request = new HardwareRequest(a.name(), a.model(), a.count() == null ? 1 : a.count(),
                            a.memoryMiB(), a.corePercent());
                } catch (IllegalArgumentException e) {
                    throw invalid("accelerator.count", e.getMessage());
                }
                Accelerator accelerator = accelerators.get(a.name());
                if (accelerator == null) {
                    throw invalid("accelerator.name", "accelerator " + a.name() + " is not installed; installed: "
                            + acceleratorNames());
                }
                try {
                    accelerator.place(request);
                } catch (IllegalArgumentException e) {
                    throw invalid("accelerator", e.getMessage());
                }
                row.accelerator(request);
            }
        }
        if (body.pricePerHour() != null) {
            if (body.pricePerHour().signum() < 0) {
                throw invalid("pricePerHour", "pricePerHour must not be negative");
            }
            row.pricePerHour = body.pricePerHour();
        }
        if (body.operations() != null || create) {
            List<String> ops = body.operations() == null ? List.of("deployment") : body.operations();
            EnumSet<OperationType> set = EnumSet.noneOf(OperationType.class);
            for (String op : ops) {
                try {
                    set.add(OperationType.parse(op));
                } catch (IllegalArgumentException e) {
                    throw invalid("operations", e.getMessage());
                }
            }
            if (set.isEmpty()) {
                throw invalid("operations", "operations must name at least one of deployment, finetune, evaluation");
            }
            row.operations = ResourceRecord.join(set);
        }
        if (body.enabled() != null) {
            row.enabled = body.enabled();
        }
        boolean clash = em.createQuery("select r from ResourceRecord r where r.clusterId = :c and r.name = :n",
                        ResourceRecord.class).setParameter("c", row.clusterId).setParameter("n", row.name)
                .getResultStream().anyMatch(other -> !other.id.equals(row.id));
        if (clash) {
            throw ApiException.conflict("Cluster " + row.clusterId + " already has a resource " + row.name);
        }
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_field", message, Map.of("field", field));
    }
}
