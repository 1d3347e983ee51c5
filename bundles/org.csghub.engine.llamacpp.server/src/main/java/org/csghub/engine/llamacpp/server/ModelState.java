package org.csghub.engine.llamacpp.server;

import java.util.concurrent.atomic.AtomicReference;

/** Loading until the model is in, then ready: what /health reports and what every model endpoint waits for. */
final class ModelState {

    private final AtomicReference<LlamaEngine> engine = new AtomicReference<>();

    void ready(LlamaEngine loaded) {
        engine.set(loaded);
    }

    boolean isReady() {
        return engine.get() != null;
    }

    /** The engine, or a 503 while the model is loading. */
    LlamaEngine engine() {
        LlamaEngine loaded = engine.get();
        if (loaded == null) {
            throw ApiError.loading();
        }
        return loaded;
    }

    /** The engine if it was loaded, for shutdown; null otherwise. */
    LlamaEngine loadedOrNull() {
        return engine.get();
    }
}
