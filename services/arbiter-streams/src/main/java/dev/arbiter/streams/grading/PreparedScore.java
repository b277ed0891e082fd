package dev.arbiter.streams.grading;

import dev.arbiter.judge.transport.ScoreRequest;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.JudgeRef;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to score one candidate with a scalar reward model and to read the score: the
 * protocol used (after resolving DEFAULT), the text the response is compared with and whether it
 * is the reference answer or, lacking one, the question, the judge identity for the reward, and
 * the call's deadline.
 */
public record PreparedScore(JudgeProtocol protocol, String response, String comparedWith, boolean againstQuestion,
                            JudgeRef judge, Duration deadline) {

    public PreparedScore {
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(response);
        Objects.requireNonNull(comparedWith);
        Objects.requireNonNull(judge);
        Objects.requireNonNull(deadline);
    }

    /** The request of one attempt; every attempt gets its own request id. */
    public ScoreRequest request(String requestId) {
        return new ScoreRequest(requestId, judge.getModel(), response, comparedWith, deadline);
    }
}
