package dev.arbiter.streams.intake;

import java.util.Objects;

/**
 * Turns the raw bytes of an input record into a {@code T} (a candidate, a pairwise request), or
 * says precisely why it cannot. Implementations throw only for conditions that are not the
 * input's fault (the schema registry unreachable): those must stop processing and be retried,
 * not dead-lettered.
 */
public interface RecordDecoder<T> {

    /** Decoding outcome. */
    sealed interface Decoded<T> permits Decoded.Ok, Decoded.Bad {
        /** A value ready for validation. */
        record Ok<T>(T value) implements Decoded<T> {
            public Ok {
                Objects.requireNonNull(value);
            }
        }

        /** Bytes that can never become a value. */
        record Bad<T>(Rejection rejection) implements Decoded<T> {
            public Bad {
                Objects.requireNonNull(rejection);
            }
        }
    }

    Decoded<T> decode(String topic, byte[] value);
}
