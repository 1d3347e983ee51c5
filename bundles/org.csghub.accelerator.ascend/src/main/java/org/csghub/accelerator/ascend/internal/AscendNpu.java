package org.csghub.accelerator.ascend.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csghub.compute.api.Accelerator;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Placement;
import org.osgi.service.component.annotations.Component;

/**
 * Huawei Ascend NPUs through the Ascend device plugin: whole NPUs of a chip family as
 * {@code huawei.com/<family>: <count>}, on nodes the Ascend operator labels {@code accelerator: huawei-<family>},
 * tolerating the family's taint. The model picks the family: {@code Ascend910}, {@code Ascend910B},
 * {@code Ascend910B3}... are all {@code Ascend910} to the device plugin; {@code Ascend310P3} is {@code Ascend310P}.
 * The device plugin sets {@code ASCEND_VISIBLE_DEVICES}, so no environment is added.
 */
@Component(service = Accelerator.class, property = "csghub.accelerator=" + AscendNpu.NAME)
public final class AscendNpu implements Accelerator {

    static final String NAME = "ascend-npu";
    static final String RESOURCE_PREFIX = "huawei.com/";
    static final String NODE_LABEL = "accelerator";
    /** The family when a request names no model: the training and inference chip most clusters have. */
    static final String DEFAULT_FAMILY = "Ascend910";

    // "Ascend" is optional and any case; 910 takes any variant suffix (910B, 910B3, 910_9392), 310P a digit
    // (310P3), plain 310 none, so Ascend310B (a different chip) is not taken for a 310
    private static final Pattern MODEL =
            Pattern.compile("(?i)(?:ascend)?(?:(910)[a-z0-9_]*|(310p)[0-9]*|(310))");
    // whole NPUs only: the virtual NPU resources (huawei.com/Ascend910-2c, ...) are not offered
    private static final Pattern RESOURCE = Pattern.compile("huawei\\.com/(Ascend(?:910|310P|310))");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String computeType() {
        return "npu";
    }

    @Override
    public Placement place(HardwareRequest request) {
        if (!NAME.equals(request.accelerator())) {
            throw new IllegalArgumentException(NAME + " cannot place a request for " + request.accelerator());
        }
        if (request.memoryMiB() != null || request.corePercent() != null) {
            throw new IllegalArgumentException(NAME + " places whole NPUs: memoryMiB and corePercent are not "
                    + "supported");
        }
        String family = family(request.model());
        String resource = RESOURCE_PREFIX + family;
        return new Placement(Map.of(resource, Integer.toString(request.count())),
                Map.of(NODE_LABEL, "huawei-" + family),
                List.of(new Placement.Toleration(resource, "Exists", null, "NoSchedule")), Map.of());
    }

    /** One offer per node and family with allocatable NPUs; the model is the family. */
    @Override
    public List<Offer> offers(List<NodeInfo> nodes) {
        List<Offer> offers = new ArrayList<>();
        for (NodeInfo node : nodes) {
            node.allocatable().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                Matcher m = RESOURCE.matcher(e.getKey());
                int count = devices(e.getValue());
                if (m.matches() && count > 0) {
                    offers.add(new Offer(node.name(), m.group(1), count));
                }
            });
        }
        return List.copyOf(offers);
    }

    /**
     * The device plugin's family for a model.
     *
     * @throws IllegalArgumentException for a model of no family it knows
     */
    static String family(String model) {
        if (model == null || model.isBlank()) {
            return DEFAULT_FAMILY;
        }
        Matcher m = MODEL.matcher(model.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(NAME + ": unknown Ascend model '" + model + "'; models are of the "
                    + "families Ascend910 (Ascend910, Ascend910B, Ascend910B3, ...), Ascend310P (Ascend310P, "
                    + "Ascend310P3) and Ascend310");
        }
        if (m.group(1) != null) {
            return "Ascend910";
        }
        return m.group(2) != null ? "Ascend310P" : "Ascend310";
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
