package dev.arbiter.judge.profile;

import dev.arbiter.judge.transport.SamplingParameters;

/**
 * How many judgements to sample per item for a majority vote, and at what temperature.
 * Configured with {@code vote.samples} (default 1: a single judgement with the profile's own
 * sampling) and {@code vote.temperature} (default 0.7). More than one sample at temperature 0
 * is refused: greedy decoding would return the same judgement k times and the vote would only
 * multiply the cost.
 *
 * @param samples     judgements per item, at least 1
 * @param temperature sampling temperature used when {@code samples > 1}
 */
public record VoteSettings(int samples, double temperature) {

    public static final VoteSettings SINGLE = new VoteSettings(1, 0.7);

    public VoteSettings {
        if (samples < 1) throw new IllegalArgumentException("vote.samples must be >= 1: " + samples);
        if (temperature < 0) throw new IllegalArgumentException("vote.temperature must be >= 0: " + temperature);
        if (samples > 1 && temperature == 0) {
            throw new IllegalArgumentException("vote.samples=" + samples + " needs vote.temperature > 0");
        }
    }

    public boolean voting() {
        return samples > 1;
    }

    /**
     * Sampling parameters for sample {@code index} (0-based). With one sample the profile's own
     * parameters are used unchanged. With several, the vote temperature applies, and a fixed
     * seed is offset by the index, since k samples with one seed would be k copies.
     */
    public SamplingParameters forSample(SamplingParameters base, int index) {
        if (index < 0 || index >= samples) throw new IllegalArgumentException("sample " + index + " of " + samples);
        if (!voting()) return base;
        SamplingParameters p = base.withTemperature(temperature);
        return base.seed().isPresent() ? p.withSeed(base.seed().getAsLong() + index) : p;
    }
}
