package org.csghub.inference.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.csghub.compute.api.ComputeRuntime;
import org.csghub.compute.api.InferenceEngine;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The engines and runtimes registered right now, by name. Both come and go as bundles: an endpoint whose engine
 * or runtime is gone reports it instead of failing obscurely. Runtimes that appear are announced, so the
 * controller subscribes to their changes.
 */
@Component(service = ComputeRegistry.class)
public class ComputeRegistry {

    private final Map<String, InferenceEngine> engines = new ConcurrentHashMap<>();
    private final Map<String, ComputeRuntime> runtimes = new ConcurrentHashMap<>();
    private final List<Consumer<ComputeRuntime>> runtimeListeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEngine(InferenceEngine engine) {
        engines.put(engine.descriptor().name(), engine);
    }

    void removeEngine(InferenceEngine engine) {
        engines.remove(engine.descriptor().name(), engine);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRuntime(ComputeRuntime runtime) {
        runtimes.put(runtime.name(), runtime);
        runtimeListeners.forEach(l -> l.accept(runtime));
    }

    void removeRuntime(ComputeRuntime runtime) {
        runtimes.remove(runtime.name(), runtime);
    }

    Optional<InferenceEngine> engine(String name) {
        return Optional.ofNullable(engines.get(name));
    }

    List<InferenceEngine> engines() {
        return engines.values().stream().sorted(java.util.Comparator.comparing(e -> e.descriptor().name())).toList();
    }

    Optional<ComputeRuntime> runtime(String name) {
        return Optional.ofNullable(runtimes.get(name));
    }

    List<ComputeRuntime> runtimes() {
        return List.copyOf(runtimes.values());
    }

    /** Tells {@code listener} of every runtime registered now and later. */
    void onRuntime(Consumer<ComputeRuntime> listener) {
        runtimeListeners.add(listener);
        runtimes.values().forEach(listener);
    }

    void removeListener(Consumer<ComputeRuntime> listener) {
        runtimeListeners.remove(listener);
    }
}
