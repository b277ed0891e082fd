package dev.arbiter.devserver;

import dev.arbiter.devserver.cost.CostModel;
import dev.arbiter.triton.proto.config.ModelConfig;
import dev.arbiter.triton.proto.config.ModelTransactionPolicy;
import dev.arbiter.triton.repository.ModelRepository;
import java.util.List;
import java.util.Objects;

/**
 * How to run the development judge server.
 *
 * @param port         TCP port, 0 for any free port
 * @param repository   the models served, read from a Triton model repository's config.pbtxt files:
 *                     {@code vllm} models are answered by the heuristic judge on the simulated GPU,
 *                     {@code onnxruntime} models by ONNX Runtime behind a dynamic batcher
 * @param cost         the simulated GPU
 * @param positionBias 0..1, the probability that the judge names the first-shown response of a pair whatever the content
 * @param seed         seed of the sampled (temperature > 0) judgements
 */
public record JudgeDevServerConfig(int port, ModelRepository repository, CostModel cost, double positionBias, long seed) {

    /** The backend of the generative judges, answered by the heuristic judge. */
    public static final String GENERATIVE_BACKEND = "vllm";
    /** The backend of scalar models, really executed. */
    public static final String ONNX_BACKEND = "onnxruntime";

    public JudgeDevServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(cost, "cost");
        if (positionBias < 0 || positionBias > 1) throw new IllegalArgumentException("positionBias must be in [0, 1]");
        for (ModelConfig m : repository.models()) {
            if (!m.getBackend().equals(GENERATIVE_BACKEND) && !m.getBackend().equals(ONNX_BACKEND)) {
                throw new IllegalArgumentException("model " + m.getName() + ": the development server serves backends "
                        + GENERATIVE_BACKEND + " and " + ONNX_BACKEND + ", not '" + m.getBackend() + "'");
            }
        }
    }

    /** Any free port, the project's model repository (triton-models/), answers at once, no position bias. */
    public static JudgeDevServerConfig instant() {
        return new JudgeDevServerConfig(0, ModelRepository.bundled(), CostModel.instant(), 0.0, 7);
    }

    /** The names of the served models. */
    public List<String> models() {
        return repository.names();
    }

    public JudgeDevServerConfig withPort(int p) {
        return new JudgeDevServerConfig(p, repository, cost, positionBias, seed);
    }

    public JudgeDevServerConfig withCost(CostModel c) {
        return new JudgeDevServerConfig(port, repository, c, positionBias, seed);
    }

    public JudgeDevServerConfig withRepository(ModelRepository r) {
        return new JudgeDevServerConfig(port, r, cost, positionBias, seed);
    }

    /**
     * The generative models served with (true, as Triton's vLLM backend always does) or without a
     * decoupled transaction policy; without, they answer unary ModelInfer, which tests of the
     * client's unary mode need.
     */
    public JudgeDevServerConfig withDecoupled(boolean d) {
        return withRepository(repository.map(m -> !m.getBackend().equals(GENERATIVE_BACKEND) ? m
                : m.toBuilder().setModelTransactionPolicy(ModelTransactionPolicy.newBuilder().setDecoupled(d)).build()));
    }

    public JudgeDevServerConfig withPositionBias(double bias) {
        return new JudgeDevServerConfig(port, repository, cost, bias, seed);
    }
}
