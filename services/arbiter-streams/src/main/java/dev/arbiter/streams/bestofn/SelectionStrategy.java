package dev.arbiter.streams.bestofn;

import java.util.Locale;
import java.util.Optional;

/**
 * How the winner of a best-of-N group is chosen, and what it costs in judge calls beyond the N
 * single-response gradings (s = vote samples per order):
 * <ul>
 *   <li>ARGMAX: the best reward; only a tie at the top is judged, as a round-robin of the k tied
 *       candidates in both orders: k(k − 1)·s calls, 0 without a tie;</li>
 *   <li>KNOCKOUT: seeded by reward, best against worst, both orders per match, the better seed
 *       going through on a tie: (N − 1)·2·s calls;</li>
 *   <li>ROUND_ROBIN: every pair in both orders, a point per win and half per tie:
 *       N(N − 1)·s calls.</li>
 * </ul>
 * A group names its own with the candidate metadata key {@link #METADATA_KEY}; otherwise the
 * deployment's default applies.
 */
public enum SelectionStrategy {
    ARGMAX, KNOCKOUT, ROUND_ROBIN;

    /** Candidate metadata key that picks a group's strategy (the first candidate's value decides). */
    public static final String METADATA_KEY = "arbiter.best-of-n.strategy";

    /** The strategy a metadata value names (any case), or empty for an unknown name. */
    public static Optional<SelectionStrategy> named(String value) {
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Judge calls this strategy spends on a group of {@code n} OK candidates (ARGMAX: with {@code tiedAtTop} tied). */
    public long matchCalls(int n, int tiedAtTop, int samples) {
        return switch (this) {
            case ARGMAX -> tiedAtTop < 2 ? 0 : (long) tiedAtTop * (tiedAtTop - 1) * samples;
            case KNOCKOUT -> n < 2 ? 0 : (long) (n - 1) * 2 * samples;
            case ROUND_ROBIN -> (long) n * (n - 1) * samples;
        };
    }
}
