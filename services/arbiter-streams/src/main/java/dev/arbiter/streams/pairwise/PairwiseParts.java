package dev.arbiter.streams.pairwise;

import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.streams.intake.RecordDecoder;
import java.util.Objects;

/** What the topology needs for its pairwise branch besides the topics: the request decoder, the plan and the assembler. */
public record PairwiseParts(RecordDecoder<PairwiseRequest> decoder, PairwisePlan plan, PairwiseResultAssembler assembler) {

    public PairwiseParts {
        Objects.requireNonNull(decoder);
        Objects.requireNonNull(plan);
        Objects.requireNonNull(assembler);
    }
}
