package dev.arbiter.judge.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Sampling parameters for a judge generation, in the vocabulary of vLLM's SamplingParams (what
 * Triton's vLLM backend accepts as the JSON in its {@code sampling_parameters} input).
 *
 * @param temperature 0 for greedy decoding (the default for single judgements)
 * @param topP        nucleus sampling mass, 1.0 disables it
 * @param maxTokens   cap on generated tokens
 * @param seed        fixed seed for reproducible sampled judgements, if any
 */
public record SamplingParameters(double temperature, double topP, int maxTokens, OptionalLong seed) {

    public SamplingParameters {
        if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
        if (topP <= 0 || topP > 1) throw new IllegalArgumentException("top_p must be in (0, 1]: " + topP);
        if (maxTokens <= 0) throw new IllegalArgumentException("max_tokens must be > 0: " + maxTokens);
        seed = seed == null ? OptionalLong.empty() : seed;
    }

    public static SamplingParameters greedy(int maxTokens) {
        return new SamplingParameters(0.0, 1.0, maxTokens, OptionalLong.empty());
    }

    public SamplingParameters withTemperature(double t) {
        return new SamplingParameters(t, topP, maxTokens, seed);
    }

    public SamplingParameters withSeed(long s) {
        return new SamplingParameters(temperature, topP, maxTokens, OptionalLong.of(s));
    }

    /** The parameters as vLLM names them; values are what the backend's JSON expects. */
    public Map<String, Object> asVllmMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("temperature", temperature);
        m.put("top_p", topP);
        m.put("max_tokens", maxTokens);
        seed.ifPresent(s -> m.put("seed", s));
        return m;
    }
}
