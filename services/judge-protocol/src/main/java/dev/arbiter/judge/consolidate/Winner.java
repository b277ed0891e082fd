package dev.arbiter.judge.consolidate;

import dev.arbiter.judge.pairwise.Preference;
import java.util.Objects;

/**
 * The outcome of a comparison in terms of the candidates themselves (A and B, as named in the
 * request), independent of the order the judge saw them in.
 */
public enum Winner {
    A,
    B,
    TIE;

    /** Un-swaps a positional preference: in the SWAPPED order position 1 holds B. */
    public static Winner of(Preference preference, Order order) {
        Objects.requireNonNull(preference, "preference");
        Objects.requireNonNull(order, "order");
        return switch (preference) {
            case TIE -> TIE;
            case FIRST -> order.swapped() ? B : A;
            case SECOND -> order.swapped() ? A : B;
        };
    }
}
