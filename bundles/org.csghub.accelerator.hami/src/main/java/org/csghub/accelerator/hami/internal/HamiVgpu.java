package org.csghub.accelerator.hami.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.csghub.compute.api.Accelerator;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Placement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * HAMi virtual GPUs: {@code count} vGPUs, each limited to {@code memoryMiB} of device memory and
 * {@code corePercent} of the GPU's cores when given. HAMi's own GPU-type filter is a pod annotation
 * ({@code nvidia.com/use-gputype}), which a {@link Placement} does not carry, so a model is pinned like whole GPUs
 * are: a node selector on GPU feature discovery's {@code nvidia.com/gpu.product} label.
 */
@Component(service = Accelerator.class, configurationPid = HamiConfig.PID,
        property = "csghub.accelerator=" + HamiVgpu.NAME)
@Designate(ocd = HamiConfig.class)
public final class HamiVgpu implements Accelerator {

    static final String NAME = "hami-vgpu";
    static final Placement.Toleration TOLERATION =
            new Placement.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule");

    private final String resourceName;
    private final String resourceMem;
    private final String resourceCores;
    private final ProductLabels products;

    @Activate
    public HamiVgpu(HamiConfig config) {
        this(config.resourceName(), config.resourceMem(), config.resourceCores(),
                new ProductLabels(config.products()));
    }

    HamiVgpu(String resourceName, String resourceMem, String resourceCores, ProductLabels products) {
        this.resourceName = Objects.requireNonNull(resourceName, "resourceName");
        this.resourceMem = Objects.requireNonNull(resourceMem, "resourceMem");
        this.resourceCores = Objects.requireNonNull(resourceCores, "resourceCores");
        this.products = products;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String computeType() {
        return "gpu";
    }

    @Override
    public Placement place(HardwareRequest request) {
        if (!NAME.equals(request.accelerator())) {
            throw new IllegalArgumentException(NAME + " cannot place a request for " + request.accelerator());
        }
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put(resourceName, Integer.toString(request.count()));
        if (request.memoryMiB() != null) {
            if (request.memoryMiB() < 1) {
                throw new IllegalArgumentException(NAME + ": memoryMiB must be at least 1 (MiB of device memory per "
                        + "vGPU), not " + request.memoryMiB());
            }
            resources.put(resourceMem, Integer.toString(request.memoryMiB()));
        }
        if (request.corePercent() != null) {
            if (request.corePercent() < 1 || request.corePercent() > 100) {
                throw new IllegalArgumentException(NAME + ": corePercent must be 1..100 (percent of a GPU's cores "
                        + "per vGPU), not " + request.corePercent());
            }
            resources.put(resourceCores, Integer.toString(request.corePercent()));
        }
        Map<String, String> selector = request.model() == null || request.model().isBlank() ? Map.of()
                : Map.of(ProductLabels.LABEL, products.label(request.model()));
        return new Placement(resources, selector, List.of(TOLERATION), Map.of());
    }

    /** One offer per node with allocatable vGPUs; the model is the short name of its product label, if any. */
    @Override
    public List<Offer> offers(List<NodeInfo> nodes) {
        List<Offer> offers = new ArrayList<>();
        for (NodeInfo node : nodes) {
            int count = devices(node.allocatable().get(resourceName));
            if (count > 0) {
                String product = node.labels().get(ProductLabels.LABEL);
                offers.add(new Offer(node.name(), product == null ? null : products.model(product), count));
            }
        }
        return List.copyOf(offers);
    }

    /** An extended resource's quantity: a whole number; anything else counts as none. */
    static int devices(String quantity) {
        if (quantity == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(quantity.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
