package dev.arbiter.streams.health;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.Reward;
import java.util.Objects;

/**
 * What an engine branch tells the judge-health stage about one finished item: the record it
 * emitted (or, for a probe, would have) with the input it answers. Forwarded inside the topology
 * in the transaction that emits the item, so the judge-metrics topic counts each judgement once.
 */
public sealed interface JudgeFact {

    /** One reward of single grading, with the candidate it grades. */
    record Graded(Reward reward, CandidateGeneration candidate) implements JudgeFact {
        public Graded {
            Objects.requireNonNull(reward);
            Objects.requireNonNull(candidate);
        }
    }

    /** One consolidated pairwise result, with the request it answers and who asked for it. */
    record Compared(PairwiseResult result, PairwiseRequest request, JudgementSource source) implements JudgeFact {
        public Compared {
            Objects.requireNonNull(result);
            Objects.requireNonNull(request);
            if (source == JudgementSource.GRADING) throw new IllegalArgumentException("a comparison is not single grading");
        }
    }
}
