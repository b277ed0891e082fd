package dev.arbiter.streams.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The one policy for items whose judge calls partly failed, the same for every branch. A
 * <em>sample</em> is the unit of a vote: one call for single grading, the two orders' calls for
 * a pairwise comparison. A sample with a call given up on is left out of the vote (its raw
 * judgement is still reported, as failed); the result is computed from the samples that remain;
 * only when none remains is the item's result JUDGE_FAILED. Sampled judgements are independent
 * draws, so leaving one out shrinks the vote without biasing it, while failing the whole item
 * for one lost sample would throw away judgements the judge already paid for.
 */
public final class SamplePolicy {

    private SamplePolicy() {}

    /**
     * The samples all of whose calls were answered, in order.
     *
     * @param results  one result per call
     * @param samples  how many samples the calls make up
     * @param sampleOf the sample a call belongs to
     */
    public static List<Integer> survivingSamples(List<JudgeCallResult> results, int samples, IntUnaryOperator sampleOf) {
        boolean[] lost = new boolean[samples];
        for (int call = 0; call < results.size(); call++) {
            if (results.get(call) instanceof JudgeCallResult.Failed) lost[sampleOf.applyAsInt(call)] = true;
        }
        List<Integer> surviving = new ArrayList<>();
        for (int s = 0; s < samples; s++) if (!lost[s]) surviving.add(s);
        return surviving;
    }
}
