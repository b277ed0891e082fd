package dev.arbiter.streams.bestofn;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.streams.intake.AcceptanceRule;
import dev.arbiter.streams.intake.Rejection;
import java.util.Optional;

/**
 * What intake checks on behalf of best-of-N grouping: a plausible group size and, when the
 * candidate names one, a strategy that exists. Both are INVALID_FIELD: a group of a million, or a
 * typo in the strategy, is a producer bug to fix, not something to guess around. (That the
 * index is in 0..N-1 is the validator's check.)
 */
public final class GroupRule implements AcceptanceRule<CandidateGeneration> {

    private final int maxGroupSize;

    public GroupRule(int maxGroupSize) {
        this.maxGroupSize = maxGroupSize;
    }

    @Override
    public Optional<Rejection> check(CandidateGeneration c) {
        if (c.getGroupSize() > maxGroupSize) {
            return Optional.of(new Rejection(DeadLetterReason.INVALID_FIELD, "group_size " + c.getGroupSize()
                    + " is more than the largest group this deployment takes (" + maxGroupSize + ")"));
        }
        String named = c.getMetadata() == null ? null : c.getMetadata().get(SelectionStrategy.METADATA_KEY);
        if (named != null && SelectionStrategy.named(named).isEmpty()) {
            return Optional.of(new Rejection(DeadLetterReason.INVALID_FIELD, "metadata " + SelectionStrategy.METADATA_KEY
                    + " names no strategy (ARGMAX, KNOCKOUT or ROUND_ROBIN): " + named));
        }
        return Optional.empty();
    }
}
