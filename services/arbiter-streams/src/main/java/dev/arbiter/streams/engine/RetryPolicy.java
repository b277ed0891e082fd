package dev.arbiter.streams.engine;

import dev.arbiter.judge.transport.JudgeTransportException;
import java.time.Duration;

/**
 * Decides whether a failed judge call is tried again and after how long. Failures whose
 * {@linkplain JudgeTransportException.Fault fault} is the judge's being away (unreachable,
 * loading, overloaded, closing, refusing our credentials, a stuck or failing client) are retried
 * without limit: a judge outage must delay rewards, never lose them. Failures that may be caused
 * by this particular input (deadline exceeded, model error, invalid request, unknown model) count
 * against {@code maxAttempts}; after that the item gets a JUDGE_FAILED result, so one poison
 * input cannot hold its partition's pending work forever. Which kind is which is decided once,
 * on {@link JudgeTransportException.Kind}.
 *
 * @param maxAttempts attempts allowed for input-specific failures
 * @param initial     first backoff
 * @param max         backoff cap
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max) {

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
        }
    }

    /** True when the candidate should be given up on after {@code attemptsSoFar} calls. */
    public boolean giveUp(JudgeTransportException error, int attemptsSoFar) {
        if (error.fault() == JudgeTransportException.Fault.JUDGE_AWAY) return false;
        return attemptsSoFar >= maxAttempts;
    }

    /** Exponential backoff: initial * 2^(attempt-1), capped. */
    public Duration backoff(int attemptsSoFar) {
        int shift = Math.min(Math.max(attemptsSoFar - 1, 0), 20);
        long millis = initial.toMillis() << shift;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
