package dev.arbiter.streams.batching;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A queue that hands out items group by group: the items of the group whose first item arrived
 * earliest leave one after another, then the next group's. Fed with judge calls keyed by prompt,
 * it sends the candidates of one prompt back to back, so a judge's prefix cache computes their
 * shared prompt once even when policy workers interleaved them. A group that has handed out
 * {@code maxRun} items in a row goes to the back of the line, so one prompt with endless
 * candidates cannot hold the others up for more than that.
 *
 * <p>Not thread-safe: its owner synchronises.
 *
 * @param <T> the item type
 */
public final class GroupedQueue<T> {

    private final int maxRun;
    private final LinkedHashMap<String, ArrayDeque<T>> groups = new LinkedHashMap<>();
    private int size;
    private int run;

    /** @param maxRun items one group may hand out in a row before the next group's turn, ≥ 1 */
    public GroupedQueue(int maxRun) {
        if (maxRun < 1) throw new IllegalArgumentException("maxRun must be >= 1");
        this.maxRun = maxRun;
    }

    public void add(String group, T item) {
        Objects.requireNonNull(group, "group");
        groups.computeIfAbsent(group, g -> new ArrayDeque<>()).addLast(Objects.requireNonNull(item, "item"));
        size++;
    }

    /** The item {@link #poll} would return, or null when empty. */
    public T peek() {
        return size == 0 ? null : groups.values().iterator().next().peekFirst();
    }

    /** Removes and returns the next item, or null when empty. */
    public T poll() {
        Iterator<Map.Entry<String, ArrayDeque<T>>> it = groups.entrySet().iterator();
        if (!it.hasNext()) return null;
        Map.Entry<String, ArrayDeque<T>> head = it.next();
        T item = head.getValue().pollFirst();
        size--;
        if (head.getValue().isEmpty()) {
            it.remove();
            run = 0;
        } else if (++run >= maxRun) {
            // Its turn is over: re-inserting moves it behind every other group.
            it.remove();
            groups.put(head.getKey(), head.getValue());
            run = 0;
        }
        return item;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        groups.clear();
        size = 0;
        run = 0;
    }
}
