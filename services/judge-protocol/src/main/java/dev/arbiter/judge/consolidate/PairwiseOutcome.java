package dev.arbiter.judge.consolidate;

import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import java.util.Objects;
import java.util.Optional;

/**
 * The consolidated result of judging one pair in one or both orders. A winner is present exactly
 * when the status is OK; when any judged order could not be parsed the status is PARSE_FAILED and
 * there is no winner, even if the other order was readable, because a single order carries the
 * position bias the swap exists to cancel. Both raw verdicts are kept for the critique record.
 *
 * @param status        OK, or PARSE_FAILED when any judged order had no readable decision
 * @param winner        the consolidated winner, when OK
 * @param consistent    both orders were judged and parsed and name the same winner after un-swapping
 * @param forward       the verdict with A in position 1, if that order was judged
 * @param swapped       the verdict with B in position 1, if that order was judged
 * @param consolidation the rule that produced the winner
 * @param reason        why there is no winner, or why the winner is a forced tie; empty otherwise
 */
public record PairwiseOutcome(VerdictStatus status, Optional<Winner> winner, boolean consistent,
                              Optional<PairwiseVerdict> forward, Optional<PairwiseVerdict> swapped,
                              Consolidation consolidation, String reason) {

    public PairwiseOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(swapped, "swapped");
        Objects.requireNonNull(consolidation, "consolidation");
        reason = reason == null ? "" : reason;
        if (forward.isEmpty() && swapped.isEmpty()) throw new IllegalArgumentException("no order was judged");
        if ((status == VerdictStatus.OK) != winner.isPresent()) {
            throw new IllegalArgumentException("a winner is present exactly when the status is OK");
        }
        if (consistent && !(bothOrdersParsed(forward, swapped) && status == VerdictStatus.OK)) {
            throw new IllegalArgumentException("consistency needs two parsed orders");
        }
    }

    /**
     * Whether this pair counts towards a consistency rate: both orders judged and parsed. Pairs
     * judged in one order, or with a failed order, say nothing about position bias.
     */
    public boolean consistencyMeasured() {
        return bothOrdersParsed(forward, swapped);
    }

    /**
     * The position the judge picked in both orders when that flipped its verdict on the
     * candidates: FIRST means it chose whatever was shown first both times. Empty when the
     * orders agree, when either is a tie, or when the pair was not judged in both orders.
     */
    public Optional<Preference> positionBias() {
        if (!consistencyMeasured()) return Optional.empty();
        Preference f = forward.get().preference().get();
        Preference s = swapped.get().preference().get();
        return f == s && f != Preference.TIE ? Optional.of(f) : Optional.empty();
    }

    private static boolean bothOrdersParsed(Optional<PairwiseVerdict> forward, Optional<PairwiseVerdict> swapped) {
        return forward.filter(PairwiseVerdict::isOk).isPresent() && swapped.filter(PairwiseVerdict::isOk).isPresent();
    }
}
