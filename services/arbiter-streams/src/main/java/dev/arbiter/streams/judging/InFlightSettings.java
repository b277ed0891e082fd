package dev.arbiter.streams.judging;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the in-flight stage of one stream task.
 *
 * @param maxPendingPerTask accepted-but-unjudged candidates a task holds before it stops taking
 *                          input (the stream thread then waits for judge answers, which bounds
 *                          memory and the restore work after a crash)
 * @param batchMaxSize      submissions released to the judge together
 * @param batchLinger       longest a submission waits for its batch to fill
 * @param drainInterval     how often judge answers are collected into the stream (wall clock)
 */
public record InFlightSettings(int maxPendingPerTask, int batchMaxSize, Duration batchLinger, Duration drainInterval) {
    public InFlightSettings {
        if (maxPendingPerTask < 1) throw new IllegalArgumentException("maxPendingPerTask must be >= 1");
        if (batchMaxSize < 1) throw new IllegalArgumentException("batchMaxSize must be >= 1");
        Objects.requireNonNull(batchLinger);
        Objects.requireNonNull(drainInterval);
        if (drainInterval.isZero() || drainInterval.isNegative()) {
            throw new IllegalArgumentException("drainInterval must be positive");
        }
    }
}
