package org.csghub.compute.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An inference engine, registered as a service by its bundle; the engine list is whatever is registered.
 * An engine bundle is a descriptor file plus a component returning it:
 *
 * <pre>{@code
 * @Component(service = InferenceEngine.class)
 * public final class Vllm implements InferenceEngine {
 *     private final EngineDescriptor descriptor;
 *     @Activate
 *     public Vllm(@Reference EngineDescriptors descriptors, BundleContext context) throws IOException {
 *         descriptor = descriptors.read(context.getBundle().getEntry("engine.json"));
 *     }
 *     public EngineDescriptor descriptor() { return descriptor; }
 * }
 * }</pre>
 *
 * The defaults below interpret the descriptor; an engine overrides them only where data does not suffice.
 */
@ConsumerType
public interface InferenceEngine {

    EngineDescriptor descriptor();

    /** Whether it serves the model: a supported format and, if the engine lists architectures, one of them. */
    default boolean supports(ModelProfile model) {
        EngineDescriptor d = descriptor();
        if (!d.formats().contains(model.format())) {
            return false;
        }
        List<String> archs = new ArrayList<>(d.architectures());
        d.images().forEach(i -> archs.addAll(i.extraArchitectures()));
        return archs.isEmpty() || model.architectures().stream().anyMatch(archs::contains);
    }

    /** The image for a compute type ({@code cpu}, {@code gpu}, {@code npu}); the first one listed wins. */
    default Optional<EngineImage> image(String computeType) {
        return descriptor().images().stream().filter(i -> i.computeType().equals(computeType)).findFirst();
    }

    /**
     * The command-line arguments for the user's values over the schema's defaults, in schema order.
     *
     * @throws IllegalArgumentException for an unknown argument or a value of the wrong type, saying which
     */
    default List<String> arguments(Map<String, String> values) {
        EngineDescriptor d = descriptor();
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        List<String> out = new ArrayList<>();
        for (EngineArg arg : d.args()) {
            unknown.remove(arg.name());
            String value = values.containsKey(arg.name()) ? values.get(arg.name()) : arg.defaultValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            out.addAll(arg.render(arg.check(value)));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("engine " + d.name() + " has no argument " + String.join(", ", unknown)
                    + "; it takes " + d.args().stream().map(EngineArg::name).toList());
        }
        return List.copyOf(out);
    }
}
