package dev.arbiter.judge.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * One text-generation call to a judge model: the fully rendered judge prompt plus sampling
 * parameters. {@code requestId} is unique per call (a retry gets a new id) and is what a
 * streaming transport uses to match responses to requests on a shared stream.
 *
 * @param requestId unique per call
 * @param model     the served model name (Triton model name)
 * @param prompt    the complete prompt text, already in the judge's chat format
 * @param sampling  sampling parameters passed to the backend
 * @param deadline  how long the caller is willing to wait for this call
 */
public record GenerationRequest(
        String requestId, String model, String prompt, SamplingParameters sampling, Duration deadline)
        implements JudgeRequest {

    public GenerationRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
    }
}
