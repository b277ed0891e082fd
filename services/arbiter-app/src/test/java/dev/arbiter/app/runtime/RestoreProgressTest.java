package dev.arbiter.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RestoreProgress progress = new RestoreProgress(registry);
    private final TopicPartition p0 = new TopicPartition("app-pending-changelog", 0);
    private final TopicPartition p1 = new TopicPartition("app-pending-changelog", 1);

    @Test
    void countsEachStorePartitionFromItsRestoreStartUntilItsEnd() {
        assertThat(restoring()).isZero();
        progress.onRestoreStart(p0, "pending", 0, 500);
        progress.onRestoreStart(p1, "pending", 0, 300);
        progress.onRestoreStart(p0, "groups", 0, 20);
        assertThat(restoring()).isEqualTo(3);

        progress.onRestoreEnd(p0, "pending", 500);
        assertThat(restoring()).isEqualTo(2);
        progress.onRestoreEnd(p1, "pending", 300);
        progress.onRestoreEnd(p0, "groups", 20);
        assertThat(restoring()).isZero();
    }

    @Test
    void aTaskMovedAwayMidRestoreStopsCountingAndAnEndWithoutAStartChangesNothing() {
        progress.onRestoreStart(p0, "pending", 0, 500);
        progress.onRestoreSuspended(p0, "pending", 120);
        assertThat(restoring()).isZero();
        progress.onRestoreEnd(p1, "pending", 0);
        assertThat(restoring()).isZero();
    }

    @Test
    void addsUpTheRecordsOfEveryRestoredBatch() {
        progress.onRestoreStart(p0, "pending", 0, 500);
        progress.onBatchRestored(p0, "pending", 199, 200);
        progress.onBatchRestored(p0, "pending", 499, 300);
        progress.onBatchRestored(p1, "groups", 9, 10);
        assertThat(registry.get("arbiter.streams.restored.records").functionCounter().count()).isEqualTo(510.0);
    }

    private double restoring() {
        return registry.get("arbiter.streams.restoring.partitions").gauge().value();
    }
}
