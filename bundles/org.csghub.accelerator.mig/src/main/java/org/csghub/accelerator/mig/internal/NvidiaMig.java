package org.csghub.accelerator.mig.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.csghub.compute.api.Accelerator;
import org.csghub.compute.api.HardwareRequest;
import org.csghub.compute.api.NodeInfo;
import org.csghub.compute.api.Placement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * NVIDIA Multi-Instance GPU partitions as the NVIDIA device plugin exposes them with the {@code mixed} MIG
 * strategy: one extended resource per profile, {@code nvidia.com/mig-<profile>: <count>}. (The {@code single}
 * strategy exposes partitions as {@code nvidia.com/gpu}; such nodes are whole GPUs to this hub.) The profile
 * names the partition, so no node selector is needed.
 */
@Component(service = Accelerator.class, configurationPid = MigConfig.PID,
        property = "csghub.accelerator=" + NvidiaMig.NAME)
@Designate(ocd = MigConfig.class)
public final class NvidiaMig implements Accelerator {

    static final String NAME = "nvidia-mig";
    static final String RESOURCE_PREFIX = "nvidia.com/mig-";
    static final Placement.Toleration TOLERATION =
            new Placement.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule");

    /** {@code <compute slices>g.<memory>gb}, e.g. {@code 3g.40gb}. */
    static final Pattern PROFILE = Pattern.compile("[1-8]g\\.[1-9][0-9]{0,3}gb");

    private final Set<String> profiles;

    @Activate
    public NvidiaMig(MigConfig config) {
        this(config.profiles());
    }

    /** @throws IllegalArgumentException for a configured profile that is not {@code <n>g.<m>gb} */
    NvidiaMig(String... profiles) {
        Set<String> valid = new LinkedHashSet<>();
        for (String p : profiles) {
            String profile = p.trim();
            if (!PROFILE.matcher(profile).matches()) {
                throw new IllegalArgumentException("profiles: '" + p + "' is not a MIG profile <n>g.<m>gb, e.g. 1g.10gb");
            }
            valid.add(profile);
        }
        this.profiles = Set.copyOf(valid);
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
            throw new IllegalArgumentException(NAME + ": a MIG profile fixes memory and compute; memoryMiB and "
                    + "corePercent are for hami-vgpu");
        }
        String model = request.model() == null ? "" : request.model().trim();
        if (model.isEmpty()) {
            throw new IllegalArgumentException(NAME + " needs a MIG profile as the model, one of " + validProfiles());
        }
        if (!PROFILE.matcher(model).matches()) {
            throw new IllegalArgumentException(NAME + ": '" + model + "' is not a MIG profile <n>g.<m>gb; valid "
                    + "profiles are " + validProfiles());
        }
        if (!profiles.contains(model)) {
            throw new IllegalArgumentException(NAME + ": no GPU has the MIG profile " + model + "; valid profiles "
                    + "are " + validProfiles());
        }
        return new Placement(Map.of(RESOURCE_PREFIX + model, Integer.toString(request.count())), Map.of(),
                List.of(TOLERATION), Map.of());
    }

    /** One offer per node and profile with allocatable partitions, profiles in name order. */
    @Override
    public List<Offer> offers(List<NodeInfo> nodes) {
        List<Offer> offers = new ArrayList<>();
        for (NodeInfo node : nodes) {
            Map<String, Integer> byProfile = new TreeMap<>();
            node.allocatable().forEach((key, quantity) -> {
                if (key.startsWith(RESOURCE_PREFIX)) {
                    String profile = key.substring(RESOURCE_PREFIX.length());
                    int count = devices(quantity);
                    if (PROFILE.matcher(profile).matches() && count > 0) {
                        byProfile.put(profile, count);
                    }
                }
            });
            byProfile.forEach((profile, count) -> offers.add(new Offer(node.name(), profile, count)));
        }
        return List.copyOf(offers);
    }

    /** The configured profiles, fewest slices and least memory first. */
    List<String> validProfiles() {
        return profiles.stream().sorted(Comparator.comparingInt((String p) -> size(p, 0))
                .thenComparingInt(p -> size(p, 1))).toList();
    }

    /** Part {@code i} of a profile: 0 the compute slices, 1 the memory in GB. */
    private static int size(String profile, int i) {
        return Integer.parseInt(profile.split("\\.")[i].replaceAll("\\D", ""));
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
