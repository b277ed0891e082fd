package dev.arbiter.devserver;

import dev.arbiter.devserver.cost.CostModel;
import java.util.List;
import java.util.Objects;

/**
 * How to run the development judge server.
 *
 * @param port         TCP port, 0 for any free port
 * @param models       Triton model names served (all with the same heuristic judge)
 * @param decoupled    true (like Triton's vLLM backend): unary ModelInfer is refused, only the stream works
 * @param cost         the simulated GPU
 * @param positionBias 0..1, the probability that the judge names the first-shown response of a pair whatever the content
 * @param seed         seed of the sampled (temperature > 0) judgements
 */
public record JudgeDevServerConfig(int port, List<String> models, boolean decoupled, CostModel cost,
                                   double positionBias, long seed) {

    /** The Triton model names of the shipped judge profiles. */
    public static final List<String> DEFAULT_MODELS = List.of("auto-j-13b-gptq", "auto-j-13b", "mtbench-judge");

    public JudgeDevServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
        models = List.copyOf(models);
        Objects.requireNonNull(cost, "cost");
        if (positionBias < 0 || positionBias > 1) throw new IllegalArgumentException("positionBias must be in [0, 1]");
    }

    /** Any free port, the shipped model names, decoupled, answers at once, no position bias. */
    public static JudgeDevServerConfig instant() {
        return new JudgeDevServerConfig(0, DEFAULT_MODELS, true, CostModel.instant(), 0.0, 7);
    }

    public JudgeDevServerConfig withPort(int p) {
        return new JudgeDevServerConfig(p, models, decoupled, cost, positionBias, seed);
    }

    public JudgeDevServerConfig withCost(CostModel c) {
        return new JudgeDevServerConfig(port, models, decoupled, c, positionBias, seed);
    }

    public JudgeDevServerConfig withDecoupled(boolean d) {
        return new JudgeDevServerConfig(port, models, d, cost, positionBias, seed);
    }

    public JudgeDevServerConfig withPositionBias(double bias) {
        return new JudgeDevServerConfig(port, models, decoupled, cost, bias, seed);
    }
}
