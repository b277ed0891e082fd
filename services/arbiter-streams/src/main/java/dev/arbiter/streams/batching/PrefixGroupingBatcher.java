package dev.arbiter.streams.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects judge submissions for a short linger window and releases them grouped by prompt, so
 * that all candidates answering one prompt reach the judge back to back. A generative judge
 * (vLLM with prefix caching) then computes the shared prompt prefix once and reuses it for
 * the other N-1 candidates; interleaving prompts would evict it under load. Groups leave in
 * the order their first item arrived, so no prompt is starved. With grouping off a batch leaves
 * in arrival order (the same linger and size), which is what a benchmark compares it against.
 *
 * <p>Not thread-safe: it is owned by one stream task and used only on its thread.
 *
 * @param <T> the submission type
 */
public final class PrefixGroupingBatcher<T> {

    private final int maxSize;
    private final long lingerNanos;
    private final boolean grouping;
    private final GroupedQueue<T> groups = new GroupedQueue<>(Integer.MAX_VALUE);
    private long firstAddedAt;

    /**
     * @param maxSize a batch is released as soon as it holds this many items
     * @param linger  a non-empty batch is released at the latest this long after its first item
     */
    public PrefixGroupingBatcher(int maxSize, Duration linger) {
        this(maxSize, linger, true);
    }

    /**
     * @param grouping false releases each batch in arrival order instead of grouped by prompt
     */
    public PrefixGroupingBatcher(int maxSize, Duration linger, boolean grouping) {
        if (maxSize < 1) throw new IllegalArgumentException("maxSize must be >= 1");
        Objects.requireNonNull(linger, "linger");
        this.maxSize = maxSize;
        this.lingerNanos = linger.toNanos();
        this.grouping = grouping;
    }

    /** Adds an item under its prompt key; returns true when the batch is full and should be drained. */
    public boolean add(String promptKey, T item, long nowNanos) {
        if (groups.isEmpty()) firstAddedAt = nowNanos;
        // Without grouping every item joins one group, which keeps arrival order.
        groups.add(grouping ? promptKey : "", item);
        return groups.size() >= maxSize;
    }

    /** True when the batch is non-empty and its linger window has passed (or it is full). */
    public boolean due(long nowNanos) {
        int size = groups.size();
        return size > 0 && (size >= maxSize || nowNanos - firstAddedAt >= lingerNanos);
    }

    /** Removes and returns all items, grouped by prompt, groups in order of first arrival. */
    public List<T> drain() {
        List<T> out = new ArrayList<>(groups.size());
        for (T item = groups.poll(); item != null; item = groups.poll()) out.add(item);
        return out;
    }

    public int size() {
        return groups.size();
    }
}
