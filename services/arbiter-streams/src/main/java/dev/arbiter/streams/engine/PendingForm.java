package dev.arbiter.streams.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * How a branch's items are kept in its pending store: the stored envelope (an Avro record of the
 * item with its acceptance time) and the way back out of it. Written once when an item is
 * accepted; the engine never rewrites it.
 *
 * @param wrap           the envelope of an item accepted at a time
 * @param item           the item inside an envelope
 * @param acceptedAt     when the envelope's item was accepted
 * @param storedAttempts judge calls recorded in the envelope itself: entries written before
 *                       attempts moved to their own store carry them, newer ones 0
 * @param <I> the item
 * @param <S> the envelope
 */
public record PendingForm<I, S>(BiFunction<I, Instant, S> wrap, Function<S, I> item, Function<S, Instant> acceptedAt,
                                ToIntFunction<S> storedAttempts) {
    public PendingForm {
        Objects.requireNonNull(wrap);
        Objects.requireNonNull(item);
        Objects.requireNonNull(acceptedAt);
        Objects.requireNonNull(storedAttempts);
    }
}
