package dev.arbiter.streams.engine;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Branch} makes of an item whose judge calls have all come back: either it is done
 * and emits its outputs, or it goes on as a new item (the next round of a tournament) under the
 * same id. Going on replaces the item's pending entry, in the transaction that forwards the
 * outputs of the step just finished, so a crash resumes at the step the item was in: nothing
 * judged in a finished step is judged again, and nothing is emitted twice.
 *
 * @param <I> the branch's item
 */
public sealed interface Step<I> {

    List<Output> outputs();

    /** Finished: forward these and forget the item. */
    record Done<I>(List<Output> outputs) implements Step<I> {
        public Done {
            outputs = List.copyOf(outputs);
        }
    }

    /** Not finished: forward these (possibly none), store {@code next} in the item's place and judge it. */
    record Continue<I>(I next, List<Output> outputs) implements Step<I> {
        public Continue {
            Objects.requireNonNull(next);
            outputs = List.copyOf(outputs);
        }
    }

    static <I> Step<I> done(List<Output> outputs) {
        return new Done<>(outputs);
    }
}
