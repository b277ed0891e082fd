package dev.arbiter.streams.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the in-flight engine of one stream task.
 *
 * @param windowPerTask     items a task judges at once; they are the only ones held in memory
 *                          (their rendered prompts and partial results)
 * @param maxPendingPerTask accepted-but-unfinished items a task holds in its pending store,
 *                          window included; at this cap accepting waits for answers (see
 *                          {@link InFlightEngine} for the trade-off)
 * @param batchMaxSize      items released to the judge together
 * @param batchLinger       longest an item waits for its batch to fill
 * @param drainInterval     how often judge answers are collected into the stream (wall clock)
 * @param groupByPrompt     release each batch grouped by prompt (for the judge's prefix cache)
 *                          rather than in arrival order
 */
public record EngineSettings(int windowPerTask, int maxPendingPerTask, int batchMaxSize, Duration batchLinger,
                             Duration drainInterval, boolean groupByPrompt) {
    public EngineSettings {
        if (windowPerTask < 1) throw new IllegalArgumentException("windowPerTask must be >= 1");
        if (maxPendingPerTask < 1) throw new IllegalArgumentException("maxPendingPerTask must be >= 1");
        if (batchMaxSize < 1) throw new IllegalArgumentException("batchMaxSize must be >= 1");
        Objects.requireNonNull(batchLinger);
        Objects.requireNonNull(drainInterval);
        if (drainInterval.isZero() || drainInterval.isNegative()) {
            throw new IllegalArgumentException("drainInterval must be positive");
        }
    }
}
