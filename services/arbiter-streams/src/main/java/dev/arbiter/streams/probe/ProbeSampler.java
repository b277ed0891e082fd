package dev.arbiter.streams.probe;

import dev.arbiter.judge.StableHash;

/**
 * Which best-of-N groups get a consistency probe: a share {@code rate} of prompt ids, chosen by a
 * {@link StableHash} of the id, so every instance, every restart and every replay picks the same
 * groups and a probe is never formed twice for one group by a second opinion on sampling. Rate 0
 * turns probes off; 1 probes every group of two or more.
 */
public record ProbeSampler(double rate) {

    public ProbeSampler {
        if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("probe rate must be in [0, 1], was " + rate);
    }

    public boolean samples(String promptId) {
        return rate > 0 && StableHash.unit("probe|" + promptId) < rate;
    }
}
