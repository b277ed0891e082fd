package dev.arbiter.streams.pairwise;

import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.streams.intake.RecordDecoder;
import dev.arbiter.streams.topics.TopicSpec;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the topology needs for its pairwise branch: the two topics, the serde of the pending
 * store, the request decoder and the judging plan.
 */
public record PairwiseParts(
        TopicSpec<byte[], byte[]> requests,
        TopicSpec<String, PairwiseResult> results,
        Serde<PendingPairwise> pendingSerde,
        RecordDecoder<PairwiseRequest> decoder,
        PairwisePlan plan,
        PairwiseResultAssembler assembler) {

    public PairwiseParts {
        Objects.requireNonNull(requests);
        Objects.requireNonNull(results);
        Objects.requireNonNull(pendingSerde);
        Objects.requireNonNull(decoder);
        Objects.requireNonNull(plan);
        Objects.requireNonNull(assembler);
    }
}
