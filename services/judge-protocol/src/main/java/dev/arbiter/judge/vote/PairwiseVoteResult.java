package dev.arbiter.judge.vote;

import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.consolidate.Winner;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The combination of k pairwise outcomes for one pair. The winner is the most common valid
 * winner; when two or more winners share the top count the result is TIE, the same
 * "no winner without agreement" rule the position-swap consolidation uses. Failed samples are
 * excluded from the vote but counted in {@code total}; with no valid sample the status is
 * PARSE_FAILED and there is no winner.
 *
 * @param status    OK when at least one sample had a winner
 * @param winner    the majority winner, when OK
 * @param counts    valid samples per winner (every Winner present, zero included)
 * @param valid     samples with a winner
 * @param total     samples drawn
 * @param agreement share of valid samples with the most common winner, in [0, 1]; it measures
 *                  how settled the judge is, so it is the top count's share even when a tie
 *                  between top counts makes the result TIE
 */
public record PairwiseVoteResult(VerdictStatus status, Optional<Winner> winner, Map<Winner, Integer> counts,
                                 int valid, int total, double agreement) {

    public PairwiseVoteResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(winner, "winner");
        counts = Map.copyOf(counts);
        if (valid < 0 || valid > total) throw new IllegalArgumentException("valid " + valid + " of " + total);
        if ((status == VerdictStatus.OK) != winner.isPresent() || winner.isPresent() != (valid > 0)) {
            throw new IllegalArgumentException("a winner is present exactly when a sample is valid");
        }
    }
}
