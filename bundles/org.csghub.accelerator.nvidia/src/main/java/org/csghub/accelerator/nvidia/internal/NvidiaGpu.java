package org.csghub.accelerator.nvidia.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.csghub.compute.api.Accelerator;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Placement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Whole NVIDIA GPUs through the NVIDIA device plugin: {@code nvidia.com/gpu: <count>}, a model pinned by GPU
 * feature discovery's {@code nvidia.com/gpu.product} label, and the toleration for the GPU nodes' taint. The
 * device plugin sets the visible devices, so no environment is added.
 */
@Component(service = Accelerator.class, configurationPid = NvidiaGpuConfig.PID,
        property = "csghub.accelerator=" + NvidiaGpu.NAME)
@Designate(ocd = NvidiaGpuConfig.class)
public final class NvidiaGpu implements Accelerator {

    static final String NAME = "nvidia-gpu";
    static final String RESOURCE = "nvidia.com/gpu";
    static final Placement.Toleration TOLERATION =
            new Placement.Toleration(RESOURCE, "Exists", null, "NoSchedule");

    private final ProductLabels products;

    @Activate
    public NvidiaGpu(NvidiaGpuConfig config) {
        this(new ProductLabels(config.products()));
    }

    NvidiaGpu(ProductLabels products) {
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
        if (request.memoryMiB() != null || request.corePercent() != null) {
            throw new IllegalArgumentException(NAME + " places whole GPUs: memoryMiB and corePercent need a GPU "
                    + "partitioner (hami-vgpu) or a MIG profile (nvidia-mig)");
        }
        Map<String, String> selector = request.model() == null || request.model().isBlank() ? Map.of()
                : Map.of(ProductLabels.LABEL, products.label(request.model()));
        return new Placement(Map.of(RESOURCE, Integer.toString(request.count())), selector, List.of(TOLERATION),
                Map.of());
    }

    /** One offer per node with allocatable GPUs; the model is the short name of its product label, if any. */
    @Override
    public List<Offer> offers(List<NodeInfo> nodes) {
        List<Offer> offers = new ArrayList<>();
        for (NodeInfo node : nodes) {
            int count = devices(node.allocatable().get(RESOURCE));
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
