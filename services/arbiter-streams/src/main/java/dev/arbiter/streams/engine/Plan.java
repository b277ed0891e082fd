package dev.arbiter.streams.engine;

import java.util.Objects;

/**
 * What a {@link Branch} makes of an item under the current judge profile: the prepared work and
 * how many judge calls it takes, or a machine-readable reason why it can no longer be judged.
 *
 * @param <P> the branch's prepared work
 */
public sealed interface Plan<P> {

    /** Judge it: {@code calls} judge calls, numbered 0 to {@code calls - 1}. */
    record Ready<P>(P prepared, int calls) implements Plan<P> {
        public Ready {
            Objects.requireNonNull(prepared);
            if (calls < 1) throw new IllegalArgumentException("an item needs at least one judge call");
        }
    }

    /**
     * Cannot be judged any more.
     *
     * @param flag   machine-readable reason, carried in the failed result's flags
     * @param detail for the human who reads the result
     */
    record Withdrawn<P>(String flag, String detail) implements Plan<P> {
        public Withdrawn {
            Objects.requireNonNull(flag);
            Objects.requireNonNull(detail);
        }
    }
}
