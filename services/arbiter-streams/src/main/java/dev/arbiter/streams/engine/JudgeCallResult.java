package dev.arbiter.streams.engine;

import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.JudgeAnswer;
import dev.arbiter.judge.transport.Score;
import dev.arbiter.judge.transport.JudgeTransportException;
import java.util.Objects;

/** The outcome of one judge call: the judge's answer (a generation or a score), or the classified failure. */
public sealed interface JudgeCallResult {

    /** The judge answered. */
    record Answered(JudgeAnswer answer) implements JudgeCallResult {
        public Answered {
            Objects.requireNonNull(answer);
        }

        /** The answer of a generative judge; a branch asks only for what its own requests produce. */
        public Generation generation() {
            if (answer instanceof Generation g) return g;
            throw new IllegalStateException("a generation was expected, the judge answered " + answer);
        }

        /** The answer of a scalar reward model. */
        public Score score() {
            if (answer instanceof Score s) return s;
            throw new IllegalStateException("a score was expected, the judge answered " + answer);
        }
    }

    /** The call failed; {@link JudgeTransportException#retryable()} says whether to try again. */
    record Failed(JudgeTransportException error) implements JudgeCallResult {
        public Failed {
            Objects.requireNonNull(error);
        }
    }
}
