package dev.arbiter.streams.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects judge submissions for a short linger window and releases them grouped by prompt, so
 * that all candidates answering one prompt reach the judge back to back. A generative judge
 * (vLLM with prefix caching) then computes the shared prompt prefix once and reuses it for
 * the other N-1 candidates; interleaving prompts would evict it under load. Groups leave in
 * the order their first item arrived, so no prompt is starved.
 *
 * <p>Not thread-safe: it is owned by one stream task and used only on its thread.
 *
 * @param <T> the submission type
 */
public final class PrefixGroupingBatcher<T> {

    private final int maxSize;
    private final long lingerNanos;
    private final Map<String, List<T>> groups = new LinkedHashMap<>();
    private int size;
    private long firstAddedAt;

    /**
     * @param maxSize a batch is released as soon as it holds this many items
     * @param linger  a non-empty batch is released at the latest this long after its first item
     */
    public PrefixGroupingBatcher(int maxSize, Duration linger) {
        if (maxSize < 1) throw new IllegalArgumentException("maxSize must be >= 1");
        Objects.requireNonNull(linger, "linger");
        this.maxSize = maxSize;
        this.lingerNanos = linger.toNanos();
    }

    /** Adds an item under its prompt key; returns true when the batch is full and should be drained. */
    public boolean add(String promptKey, T item, long nowNanos) {
        if (size == 0) firstAddedAt = nowNanos;
        groups.computeIfAbsent(promptKey, k -> new ArrayList<>()).add(item);
        size++;
        return size >= maxSize;
    }

    /** True when the batch is non-empty and its linger window has passed (or it is full). */
    public boolean due(long nowNanos) {
        return size > 0 && (size >= maxSize || nowNanos - firstAddedAt >= lingerNanos);
    }

    /** Removes and returns all items, grouped by prompt, groups in order of first arrival. */
    public List<T> drain() {
        List<T> out = new ArrayList<>(size);
        for (List<T> group : groups.values()) out.addAll(group);
        groups.clear();
        size = 0;
        return out;
    }

    public int size() {
        return size;
    }
}
