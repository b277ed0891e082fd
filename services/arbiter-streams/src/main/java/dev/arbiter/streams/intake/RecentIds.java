package dev.arbiter.streams.intake;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The ids an intake accepted within the de-duplication window, kept in a changelogged window
 * store so that a producer retry or a replayed batch is recognised after a restart too. Record
 * timestamps, not wall-clock time, place an id in the window, so replays decide the same way.
 * The store is per task: ids are de-duplicated within the partition their key routes them to.
 */
public final class RecentIds {

    private final WindowStore<String, Long> store;
    private final Duration window;

    public RecentIds(WindowStore<String, Long> store, Duration window) {
        this.store = store;
        this.window = window;
    }

    /** A persistent window store whose retention covers {@code window}, for {@link RecentIds}. */
    public static StoreBuilder<WindowStore<String, Long>> storeBuilder(String name, Duration window) {
        // A minute beyond the window so an id at the window's edge has not been expired yet.
        Duration retention = window.plus(Duration.ofMinutes(1));
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, window, false),
                Serdes.String(), Serdes.Long());
    }

    /** True if {@code id} was accepted no longer than the window before {@code timestamp}. */
    public boolean seenWithin(String id, long timestamp) {
        long from = Math.max(0, timestamp - window.toMillis());
        try (WindowStoreIterator<Long> it = store.fetch(id, from, Long.MAX_VALUE)) {
            return it.hasNext();
        }
    }

    public void remember(String id, long timestamp) {
        store.put(id, timestamp, timestamp);
    }

    public Duration window() {
        return window;
    }
}
