package dev.arbiter.devserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models the development server serves and whether each is ready. Readiness can be switched
 * at run time, so tests can simulate a model being loaded or unloaded under Triton.
 */
public final class ModelRegistry {

    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();

    public ModelRegistry(List<String> models) {
        if (models.isEmpty()) throw new IllegalArgumentException("at least one model");
        models.forEach(m -> ready.put(m, Boolean.TRUE));
    }

    public boolean exists(String model) {
        return ready.containsKey(model);
    }

    public boolean isReady(String model) {
        return ready.getOrDefault(model, Boolean.FALSE);
    }

    public boolean anyReady() {
        return ready.containsValue(Boolean.TRUE);
    }

    public void setReady(String model, boolean isReady) {
        if (!exists(model)) throw new IllegalArgumentException("unknown model " + model);
        ready.put(model, isReady);
    }
}
