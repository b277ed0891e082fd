package dev.arbiter.triton.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking bound on outstanding inference requests. Callers that cannot get a permit are
 * refused at once (never parked): the streams app has its own bound and retry policy, and a
 * refusal it can see is better than an unbounded queue it cannot.
 */
public final class InFlightLimit {

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    public InFlightLimit(int max) {
        if (max <= 0) throw new IllegalArgumentException("max must be > 0");
        this.max = max;
    }

    /** Takes a permit if one is free. */
    public boolean tryAcquire() {
        while (true) {
            int current = inFlight.get();
            if (current >= max) return false;
            if (inFlight.compareAndSet(current, current + 1)) return true;
        }
    }

    /** Returns a permit taken by a successful {@link #tryAcquire()}. */
    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int max() {
        return max;
    }
}
