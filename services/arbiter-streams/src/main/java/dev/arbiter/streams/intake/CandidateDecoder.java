package dev.arbiter.streams.intake;

import dev.arbiter.schema.CandidateGeneration;
import java.util.Objects;

/**
 * Turns the raw bytes of a candidates-topic record into a candidate, or says precisely why it
 * cannot. Implementations throw only for conditions that are not the input's fault (the schema
 * registry unreachable): those must stop processing and be retried, not dead-lettered.
 */
public interface CandidateDecoder {

    /** Decoding outcome. */
    sealed interface Decoded permits Decoded.Ok, Decoded.Bad {
        /** A candidate ready for validation. */
        record Ok(CandidateGeneration candidate) implements Decoded {
            public Ok {
                Objects.requireNonNull(candidate);
            }
        }

        /** Bytes that can never become a candidate. */
        record Bad(Rejection rejection) implements Decoded {
            public Bad {
                Objects.requireNonNull(rejection);
            }
        }
    }

    Decoded decode(String topic, byte[] value);
}
