package dev.arbiter.judge.transport;

import java.time.Duration;

/**
 * One call to a judge model, whatever kind of model it is: a generative judge writes a critique
 * ({@link GenerationRequest}), a scalar reward model returns a score ({@link ScoreRequest}). The
 * engine that keeps calls in flight, retries them and bounds them needs only what is common: a
 * request id unique per attempt, the served model and how long the caller waits.
 */
public sealed interface JudgeRequest permits GenerationRequest, ScoreRequest {

    String requestId();

    String model();

    Duration deadline();
}
