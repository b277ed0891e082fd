package dev.arbiter.devserver;

import dev.arbiter.triton.proto.config.ModelConfig;
import dev.arbiter.triton.repository.ModelRepository;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models the development server serves, with their configurations, and whether each is
 * ready. Readiness can be switched at run time, so tests can simulate a model being loaded or
 * unloaded under Triton.
 */
public final class ModelRegistry {

    private final ModelRepository repository;
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();

    public ModelRegistry(ModelRepository repository) {
        this.repository = repository;
        repository.names().forEach(m -> ready.put(m, Boolean.TRUE));
    }

    public boolean exists(String model) {
        return ready.containsKey(model);
    }

    public Optional<ModelConfig> config(String model) {
        return repository.model(model);
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
