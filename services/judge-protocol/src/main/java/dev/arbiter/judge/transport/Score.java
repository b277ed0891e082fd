package dev.arbiter.judge.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * A scalar reward model's answer to one {@link ScoreRequest}.
 *
 * @param requestId the id of the request this answers
 * @param value     the model's score, on the model's own scale (see the profile's score range)
 * @param batchRows rows of the inference call that computed it (how well batching worked)
 * @param latency   time from submission to the answer, queueing in the client's batcher included
 */
public record Score(String requestId, double value, int batchRows, Duration latency) implements JudgeAnswer {

    public Score {
        Objects.requireNonNull(requestId, "requestId");
        if (!Double.isFinite(value)) throw new IllegalArgumentException("a score must be finite, was " + value);
        if (batchRows < 1) throw new IllegalArgumentException("batchRows must be at least 1");
        Objects.requireNonNull(latency, "latency");
    }
}
