package org.csghub.accelerator.nvidia.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Short GPU model names ({@code A100}) and the {@code nvidia.com/gpu.product} label values GPU feature discovery
 * writes for them ({@code NVIDIA-A100-SXM4-80GB}: the product name with spaces as dashes).
 */
final class ProductLabels {

    static final String LABEL = "nvidia.com/gpu.product";

    // a Kubernetes label value: at most 63 characters, alphanumerics at both ends, '-', '_' and '.' inside
    private static final String LABEL_VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)";

    private final Map<String, String> byModel = new LinkedHashMap<>(); // upper-case model -> label
    private final Map<String, String> byLabel = new LinkedHashMap<>(); // label -> model as configured

    /** @throws IllegalArgumentException for an entry that is not {@code model=label} */
    ProductLabels(String... entries) {
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String model = eq < 0 ? "" : entry.substring(0, eq).trim();
            String label = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (model.isEmpty() || !label.matches(LABEL_VALUE)) {
                throw new IllegalArgumentException("products: '" + entry + "' is not model=label with a valid "
                        + "Kubernetes label value, e.g. A100=NVIDIA-A100-SXM4-80GB");
            }
            byModel.put(model.toUpperCase(Locale.ROOT), label);
            byLabel.putIfAbsent(label, model);
        }
    }

    /**
     * The label value for a model: the configured one (any case), else the model itself when it is a valid
     * label value.
     *
     * @throws IllegalArgumentException when it is neither, naming the known models
     */
    String label(String model) {
        String configured = byModel.get(model.trim().toUpperCase(Locale.ROOT));
        if (configured != null) {
            return configured;
        }
        if (model.matches(LABEL_VALUE)) {
            return model;
        }
        throw new IllegalArgumentException("GPU model '" + model + "' is neither a known model " + models()
                + " nor a valid " + LABEL + " label value");
    }

    /** The short model for a label value when one is configured, else the label value. */
    String model(String label) {
        return byLabel.getOrDefault(label, label);
    }

    List<String> models() {
        return List.copyOf(byLabel.values());
    }
}
