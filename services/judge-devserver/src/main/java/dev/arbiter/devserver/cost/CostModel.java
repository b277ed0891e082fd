package dev.arbiter.devserver.cost;

import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of the simulated GPU judge. A request costs a prefill of its prompt tokens that
 * are not in the prefix cache, then one decode step per generated token; up to
 * {@code maxConcurrentSequences} requests run together (continuous batching: a decode step
 * advances every running sequence by one token, so its duration does not depend on how many
 * run), the rest queue. Durations are multiplied by {@code timeScale}: 0 answers at once (unit
 * tests), 1 is the configured speed.
 *
 * <p>The heuristic judge writes short critiques (about 50 tokens) where a real judge writes a few
 * hundred, and decode steps are what a generative judge's time goes on; {@code minOutputTokens}
 * bills at least that many decode steps per request so a benchmark can model a real critique
 * length without the text having to exist.
 *
 * @param timeScale              multiplier of every simulated duration, ≥ 0
 * @param prefillTokensPerSecond prompt tokens processed per second for one sequence
 * @param decodeStep             time of one decode step
 * @param maxConcurrentSequences running sequences at once
 * @param prefixCacheTokens      capacity of the prompt-prefix cache, in tokens (0 disables it)
 * @param minOutputTokens        decode steps billed per request at least (0: the generated tokens only)
 */
public record CostModel(double timeScale, double prefillTokensPerSecond, Duration decodeStep,
                        int maxConcurrentSequences, int prefixCacheTokens, int minOutputTokens) {

    public CostModel {
        if (timeScale < 0) throw new IllegalArgumentException("timeScale must be >= 0");
        if (prefillTokensPerSecond <= 0) throw new IllegalArgumentException("prefillTokensPerSecond must be > 0");
        Objects.requireNonNull(decodeStep, "decodeStep");
        if (maxConcurrentSequences < 1) throw new IllegalArgumentException("maxConcurrentSequences must be >= 1");
        if (prefixCacheTokens < 0) throw new IllegalArgumentException("prefixCacheTokens must be >= 0");
        if (minOutputTokens < 0) throw new IllegalArgumentException("minOutputTokens must be >= 0");
    }

    /** A cost model that bills only the tokens actually generated. */
    public CostModel(double timeScale, double prefillTokensPerSecond, Duration decodeStep,
                     int maxConcurrentSequences, int prefixCacheTokens) {
        this(timeScale, prefillTokensPerSecond, decodeStep, maxConcurrentSequences, prefixCacheTokens, 0);
    }

    /**
     * Roughly an A100 serving a 4-bit 13B model with vLLM: about 8k prompt tokens/s of prefill per
     * sequence, 20 ms per decode step at moderate batch sizes, 32 sequences at once.
     */
    public static CostModel gpuLike() {
        return new CostModel(1.0, 8_000, Duration.ofMillis(20), 32, 65_536);
    }

    /** No simulated time at all: for tests of behaviour rather than timing. */
    public static CostModel instant() {
        return new CostModel(0.0, 8_000, Duration.ofMillis(20), 256, 65_536);
    }

    public CostModel withTimeScale(double scale) {
        return new CostModel(scale, prefillTokensPerSecond, decodeStep, maxConcurrentSequences, prefixCacheTokens, minOutputTokens);
    }

    public CostModel withMaxConcurrentSequences(int n) {
        return new CostModel(timeScale, prefillTokensPerSecond, decodeStep, n, prefixCacheTokens, minOutputTokens);
    }

    /** Decode steps a request that generated {@code generated} tokens is billed for. */
    public int billedOutputTokens(int generated) {
        return Math.max(generated, minOutputTokens);
    }

    /** Simulated service time of one request, before the time scale. */
    public Duration serviceTime(int uncachedPromptTokens, int outputTokens) {
        return Duration.ofNanos((long) (seconds(uncachedPromptTokens, outputTokens) * 1e9));
    }

    /**
     * The most requests per second this judge can finish for requests of the given shape: all
     * slots busy all the time, with {@code outputTokens} the decode steps billed per request.
     */
    public double capacityPerSecond(double uncachedPromptTokens, double outputTokens) {
        double scaled = seconds(uncachedPromptTokens, outputTokens) * timeScale;
        return scaled <= 0 ? Double.POSITIVE_INFINITY : maxConcurrentSequences / scaled;
    }

    /** Prefill of the uncached prompt plus the billed decode steps, unscaled. */
    private double seconds(double uncachedPromptTokens, double outputTokens) {
        return uncachedPromptTokens / prefillTokensPerSecond
                + Math.max(outputTokens, minOutputTokens) * (decodeStep.toNanos() / 1e9);
    }
}
