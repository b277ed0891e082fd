package dev.arbiter.judge.consolidate;

import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the verdicts of the orders a pair was judged in into one {@link PairwiseOutcome}. Each
 * positional verdict is first mapped back to a candidate ({@link Winner#of}); the
 * {@link Consolidation} rule then decides. Rules, for both policies:
 * <ul>
 *   <li>any judged order unparsed: PARSE_FAILED, no winner (never a guessed one);</li>
 *   <li>one order judged and parsed: its winner, not consistent (nothing to compare);</li>
 *   <li>both parsed and equal: that winner (a tie included), consistent;</li>
 *   <li>both parsed, A against B: TIE, inconsistent;</li>
 *   <li>both parsed, a win against a tie: TIE under CONSERVATIVE, the win under LENIENT;
 *       inconsistent either way.</li>
 * </ul>
 */
public final class PositionSwapConsolidator {

    private final Consolidation consolidation;

    public PositionSwapConsolidator(Consolidation consolidation) {
        this.consolidation = Objects.requireNonNull(consolidation, "consolidation");
    }

    /** The MT-Bench default: {@link Consolidation#CONSERVATIVE}. */
    public static PositionSwapConsolidator conservative() {
        return new PositionSwapConsolidator(Consolidation.CONSERVATIVE);
    }

    public Consolidation consolidation() {
        return consolidation;
    }

    /** Both orders judged. */
    public PairwiseOutcome consolidate(PairwiseVerdict forward, PairwiseVerdict swapped) {
        return consolidate(Optional.of(forward), Optional.of(swapped));
    }

    /** One order judged (OrderPolicy RANDOM_ONE or FIXED). */
    public PairwiseOutcome single(PairwiseVerdict verdict, Order order) {
        return order.swapped()
                ? consolidate(Optional.empty(), Optional.of(verdict))
                : consolidate(Optional.of(verdict), Optional.empty());
    }

    /** The orders that were judged; at least one must be present. */
    public PairwiseOutcome consolidate(Optional<PairwiseVerdict> forward, Optional<PairwiseVerdict> swapped) {
        if (forward.isEmpty() && swapped.isEmpty()) throw new IllegalArgumentException("no order was judged");
        String failed = failedOrders(forward, swapped);
        if (!failed.isEmpty()) {
            return new PairwiseOutcome(VerdictStatus.PARSE_FAILED, Optional.empty(), false, forward, swapped,
                    consolidation, "no readable decision in the " + failed + " order");
        }
        Optional<Winner> f = forward.map(v -> Winner.of(v.preference().get(), Order.FORWARD));
        Optional<Winner> s = swapped.map(v -> Winner.of(v.preference().get(), Order.SWAPPED));
        if (f.isEmpty() || s.isEmpty()) {
            return ok(f.or(() -> s).get(), false, forward, swapped, "");
        }
        Winner a = f.get();
        Winner b = s.get();
        if (a == b) return ok(a, true, forward, swapped, "");
        if (a != Winner.TIE && b != Winner.TIE) {
            return ok(Winner.TIE, false, forward, swapped, "orders contradict each other (" + a + " vs " + b + ")");
        }
        Winner win = a == Winner.TIE ? b : a;
        return consolidation == Consolidation.LENIENT
                ? ok(win, false, forward, swapped, "")
                : ok(Winner.TIE, false, forward, swapped, "one order found a tie, the other " + win);
    }

    private PairwiseOutcome ok(Winner w, boolean consistent, Optional<PairwiseVerdict> forward,
                               Optional<PairwiseVerdict> swapped, String reason) {
        return new PairwiseOutcome(VerdictStatus.OK, Optional.of(w), consistent, forward, swapped, consolidation, reason);
    }

    private static String failedOrders(Optional<PairwiseVerdict> forward, Optional<PairwiseVerdict> swapped) {
        boolean f = forward.filter(v -> !v.isOk()).isPresent();
        boolean s = swapped.filter(v -> !v.isOk()).isPresent();
        if (f && s) return "forward and swapped";
        if (f) return "forward";
        return s ? "swapped" : "";
    }
}
