package dev.arbiter.streams.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Keeps calls away from a judge that is away. The rule: after {@code failureThreshold}
 * consecutive calls fail for reasons that say the judge is away (unreachable, model not ready,
 * unresponsive: {@code Fault.JUDGE_AWAY}), the breaker opens and no call is sent; while open, the
 * owner asks the judge's readiness every probe interval, and the first "ready" half-opens it,
 * letting exactly one trial call through. The trial's success closes the breaker (and records how
 * long the judge was away); its failure opens it again. A call that fails for its input says the
 * judge is there, so it counts as a success here; retrying that input is the retry policy's job.
 * Without this, every pending item's retry would reach a judge that cannot answer, at the retry
 * backoff's rate, for as long as the outage lasts. Thread-safe; time comes from the clock given.
 */
public final class CircuitBreaker {

    /** Where the breaker stands. */
    public enum State { CLOSED, HALF_OPEN, OPEN }

    /**
     * @param failureThreshold consecutive judge-away failures that open the breaker
     * @param probeInterval    how often readiness is asked while open
     */
    public record Settings(int failureThreshold, Duration probeInterval) {
        public Settings {
            if (failureThreshold < 1) throw new IllegalArgumentException("failureThreshold must be at least 1");
            Objects.requireNonNull(probeInterval);
            if (probeInterval.isNegative() || probeInterval.isZero()) throw new IllegalArgumentException("probeInterval must be positive");
        }
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private State state = State.CLOSED;
    private int consecutive;
    private boolean trialOut;
    private long openedAt;
    private long openings;
    private Duration lastRecovery;

    public CircuitBreaker(Settings settings, LongSupplier nanoTime) {
        this.settings = Objects.requireNonNull(settings);
        this.nanoTime = Objects.requireNonNull(nanoTime);
    }

    public Settings settings() {
        return settings;
    }

    /** Whether a call may be sent now; in HALF_OPEN only the one trial may, and taking it is what this does. */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (trialOut) return false;
                trialOut = true;
                return true;
            default:
                return false;
        }
    }

    /** The judge answered (or refused the input itself). Returns true when this closed an open breaker. */
    public synchronized boolean answered() {
        consecutive = 0;
        if (state == State.CLOSED) return false;
        lastRecovery = Duration.ofNanos(nanoTime.getAsLong() - openedAt);
        state = State.CLOSED;
        trialOut = false;
        return true;
    }

    /** A call failed because the judge is away. */
    public synchronized void away() {
        consecutive++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutive >= settings.failureThreshold())) {
            if (state == State.CLOSED) {
                openedAt = nanoTime.getAsLong();
                openings++;
            }
            state = State.OPEN;
            trialOut = false;
        }
    }

    /** Readiness said the judge is ready: an open breaker half-opens. Returns true when it did. */
    public synchronized boolean readyAgain() {
        if (state != State.OPEN) return false;
        state = State.HALF_OPEN;
        trialOut = false;
        return true;
    }

    public synchronized State state() {
        return state;
    }

    /** Times the breaker has opened. */
    public synchronized long openings() {
        return openings;
    }

    /** How long the judge was away the last time the breaker closed again. */
    public synchronized Optional<Duration> lastRecovery() {
        return Optional.ofNullable(lastRecovery);
    }
}
