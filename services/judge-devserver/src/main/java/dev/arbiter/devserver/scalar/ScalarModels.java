package dev.arbiter.devserver.scalar;

import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.triton.batching.DynamicBatcher;
import dev.arbiter.triton.proto.config.ModelConfig;
import dev.arbiter.triton.repository.ModelRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ONNX models of the server's repository, each loaded on its first request rather than at
 * start-up: most runs of the development server never call one, and loading a model and its
 * ONNX Runtime session is the most expensive thing the server does.
 */
public final class ScalarModels implements AutoCloseable {

    private final ModelRepository repository;
    private final Map<String, OnnxModelServer> loaded = new HashMap<>();
    private boolean closed;

    public ScalarModels(ModelRepository repository) {
        this.repository = repository;
    }

    /** Whether {@code model} is one of the repository's ONNX models. */
    public boolean serves(String model) {
        return repository.model(model).map(c -> c.getBackend().equals(JudgeDevServerConfig.ONNX_BACKEND)).orElse(false);
    }

    /** The model's server, loaded now if this is its first use. */
    public synchronized OnnxModelServer server(String model) {
        if (closed) throw new IllegalStateException("the server is stopping");
        OnnxModelServer s = loaded.get(model);
        if (s != null) return s;
        ModelConfig config = repository.model(model).filter(c -> serves(model))
                .orElseThrow(() -> new IllegalArgumentException("not an ONNX model: " + model));
        s = new OnnxModelServer(config, OnnxModel.of(config, repository.root()));
        loaded.put(model, s);
        return s;
    }

    /** How the model's dynamic batcher has done; empty before its first request. */
    public synchronized Optional<DynamicBatcher.Stats> stats(String model) {
        return Optional.ofNullable(loaded.get(model)).map(OnnxModelServer::stats);
    }

    @Override
    public synchronized void close() {
        closed = true;
        loaded.values().forEach(OnnxModelServer::close);
        loaded.clear();
    }
}
