package dev.arbiter.app.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Kafka Streams' state restoration as meters: {@code arbiter.streams.restoring.partitions}, the
 * store partitions this instance is rebuilding from their changelogs right now, and
 * {@code arbiter.streams.restored.records}, the changelog records it has replayed since start.
 * An instance that has been handed tasks in a rebalance writes no rewards for them until their
 * stores are restored, so a non-zero gauge is the answer to "why is this instance silent"; its
 * end marks the end of the handover. A store counts from its restore start until its end or until
 * its task moves away mid-restore (suspended), whichever comes first. A restore that fails calls
 * neither, so its entries stay until the same store partition is restored here again: Kafka gives
 * the listener no failure callback, and a stale count errs on the side of "look at this
 * instance". Kafka calls this listener from its restoring threads, hence the concurrent set.
 * Only active tasks are reported: standby replicas have a listener of their own.
 */
final class RestoreProgress implements StateRestoreListener {

    private final Set<String> restoring = ConcurrentHashMap.newKeySet();
    private final LongAdder restored = new LongAdder();

    RestoreProgress(MeterRegistry registry) {
        Gauge.builder("arbiter.streams.restoring.partitions", restoring, Set::size)
                .description("store partitions this instance is restoring from their changelogs now").register(registry);
        FunctionCounter.builder("arbiter.streams.restored.records", restored, LongAdder::sum)
                .description("changelog records replayed into local stores since start").register(registry);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        restoring.add(key(partition, storeName));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        restored.add(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(key(partition, storeName));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(key(partition, storeName));
    }

    private static String key(TopicPartition partition, String storeName) {
        return storeName + '@' + partition;
    }
}
