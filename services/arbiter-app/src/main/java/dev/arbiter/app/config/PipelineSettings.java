package dev.arbiter.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the in-flight stage between the stream and the judge; these values trade judge
 * saturation against latency and memory.
 *
 * @param windowPerTask     items one stream task judges at once, the only ones it holds in memory
 * @param maxPendingPerTask accepted-but-unfinished items one stream task holds in its pending store
 *                          (on disk) before it stops taking input
 * @param batchLinger       longest a candidate waits for its batch to fill
 * @param batchMaxSize      candidates released to the judge together
 * @param groupByPrompt     release a batch grouped by prompt, so the judge's prefix cache serves the
 *                          rest of a group; false keeps arrival order
 * @param drainInterval     how often judge answers are collected back into the stream
 * @param dedupeWindow      how long an accepted candidate id is remembered; a repeat within it
 *                          is dead-lettered as DUPLICATE_CANDIDATE
 * @param maxPromptChars    longest accepted conversation, all turns together; longer is FIELD_TOO_LARGE
 * @param maxResponseChars  longest accepted response (and reference answer, and each response of a pair)
 * @param maxMetadataChars  longest accepted metadata map and other free-text fields, together
 */
public record PipelineSettings(int windowPerTask, int maxPendingPerTask, Duration batchLinger, int batchMaxSize, boolean groupByPrompt, Duration drainInterval,
                               Duration dedupeWindow, int maxPromptChars, int maxResponseChars, int maxMetadataChars) {
    public PipelineSettings {
        Objects.requireNonNull(batchLinger, "batchLinger");
        Objects.requireNonNull(drainInterval, "drainInterval");
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
    }
}
