package dev.arbiter.devkit.demo;

import java.util.function.LongSupplier;

/**
 * Spaces events at a fixed rate measured from the start, not from the previous event, so a
 * slow send is caught up on instead of lowering the rate for the rest of the run. Time and
 * sleeping are injected so the schedule can be tested without waiting.
 */
final class Pacer {

    /** Sleeps for a number of nanoseconds. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long start = Long.MIN_VALUE;
    private long issued;

    Pacer(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(perSecond > 0)) throw new IllegalArgumentException("rate must be positive");
        this.intervalNanos = 1e9 / perSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    static Pacer realTime(double perSecond) {
        return new Pacer(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Blocks until the next event is due; the first is due at once. */
    void awaitNext() throws InterruptedException {
        long now = nanoTime.getAsLong();
        if (start == Long.MIN_VALUE) start = now;
        long due = start + (long) (issued * intervalNanos);
        issued++;
        if (due > now) sleeper.sleepNanos(due - now);
    }
}
