package dev.arbiter.devkit.bench;

import dev.arbiter.devserver.cost.CostModel;
import java.time.Duration;
import java.util.Objects;

/**
 * One simulated GPU judge the benchmark measures against, with why its numbers were chosen. No
 * GPU exists on the machines this runs on, so these are cost models of the development judge
 * (see {@link CostModel}); their rates are estimates stated in docs/benchmarks.md, and what the
 * benchmark measures is how close Arbiter keeps such a judge to its own ceiling.
 *
 * @param name      short name for tables and charts
 * @param rationale one sentence on what the numbers model
 * @param cost      the cost model at time scale 1
 */
public record JudgeCase(String name, String rationale, CostModel cost) {

    public JudgeCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rationale, "rationale");
        Objects.requireNonNull(cost, "cost");
    }

    /**
     * Auto-J 13B, 4-bit GPTQ, on one A100 80 GB under Triton's vLLM backend: 64 sequences decoded
     * together at 30 ms a step, prompts prefilled at 6,000 tokens/s per sequence, and a critique
     * of 256 tokens per judgement (Auto-J explains before it rates), which puts a judgement near
     * 8 s and the GPU near 8 judgements a second.
     */
    public static JudgeCase autoJ13bGptq() {
        return new JudgeCase("auto-j-13b-gptq", "Auto-J 13B GPTQ on one A100: 64 sequences, 30 ms decode step, "
                + "6,000 prompt tokens/s, 256-token critiques, 32k-token prefix cache",
                new CostModel(1.0, 6_000, Duration.ofMillis(30), 64, 32_768, 256));
    }

    /**
     * A small judge asked for a short verdict on a fast GPU: 96 sequences at 8 ms a step, 20,000
     * prompt tokens/s, and only the tokens the development judge writes (about 50). Its prefix
     * cache is small (4,096 tokens) because under this load the running sequences hold most of
     * the KV memory: the case where grouping a prompt's candidates decides whether its prefix is
     * still cached.
     */
    public static JudgeCase fastVerdict() {
        return new JudgeCase("fast-verdict", "a small judge, short verdicts: 96 sequences, 8 ms decode step, "
                + "20,000 prompt tokens/s, ~50-token answers, 4k-token prefix cache",
                new CostModel(1.0, 20_000, Duration.ofMillis(8), 96, 4_096, 0));
    }
}
