package dev.arbiter.streams.engine;

import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.JudgeTransportException;
import java.util.Objects;

/** The outcome of one judge call: the generation, or the classified failure. */
public sealed interface JudgeCallResult {

    /** The judge answered. */
    record Answered(Generation generation) implements JudgeCallResult {
        public Answered {
            Objects.requireNonNull(generation);
        }
    }

    /** The call failed; {@link JudgeTransportException#retryable()} says whether to try again. */
    record Failed(JudgeTransportException error) implements JudgeCallResult {
        public Failed {
            Objects.requireNonNull(error);
        }
    }
}
