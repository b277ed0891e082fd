package dev.arbiter.streams.bestofn;

import java.time.Duration;
import java.util.Objects;

/**
 * How best-of-N groups are formed, closed and turned into preference pairs.
 *
 * @param defaultStrategy    the strategy of a group whose candidates name none
 * @param maxGroupSize       the largest plausible N; larger is dead-lettered as INVALID_FIELD
 * @param timeout            wall-clock time a group waits for its last candidate after the first arrived
 * @param streamTimeout      the same in stream time: how far the candidates' {@code produced_at}
 *                           seen by the task may run ahead of the group's first before it closes
 * @param closedMemory       how long a closed group's prompt id is remembered, so a late candidate
 *                           does not open a second group
 * @param pairMinMargin      smallest reward margin between the best and the worst candidate for a
 *                           preference pair
 * @param pairConfirmation   a pair also needs a pairwise judgement in both orders that agrees
 */
public record GroupSettings(SelectionStrategy defaultStrategy, int maxGroupSize, Duration timeout, Duration streamTimeout,
                            Duration closedMemory, double pairMinMargin, boolean pairConfirmation) {
    public GroupSettings {
        Objects.requireNonNull(defaultStrategy);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(streamTimeout);
        Objects.requireNonNull(closedMemory);
        if (maxGroupSize < 1) throw new IllegalArgumentException("maxGroupSize must be at least 1");
        if (!(pairMinMargin >= 0)) throw new IllegalArgumentException("pairMinMargin must be at least 0");
    }
}
