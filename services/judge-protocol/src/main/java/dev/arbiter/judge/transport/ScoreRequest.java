package dev.arbiter.judge.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * One call to a scalar reward model: score {@code response} against {@code comparedWith} (the
 * reference answer, or the question when there is none). A transport may send many of these in
 * one batched inference call; each still has its own id and deadline.
 *
 * @param requestId    unique per call (a retry gets a new id)
 * @param model        the served model name (Triton model name)
 * @param response     the policy's response
 * @param comparedWith what the response is scored against
 * @param deadline     how long the caller is willing to wait for this call
 */
public record ScoreRequest(String requestId, String model, String response, String comparedWith, Duration deadline)
        implements JudgeRequest {

    public ScoreRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(comparedWith, "comparedWith");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
    }
}
