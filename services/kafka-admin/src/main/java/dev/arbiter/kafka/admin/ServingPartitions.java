package dev.arbiter.kafka.admin;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until every partition of freshly created topics is actually served by its leader, not
 * merely listed with one. A broker publishes a new partition's leader in its metadata cache a
 * moment before its replica manager takes the partition on; a producer that writes in that window
 * gets NOT_LEADER_OR_FOLLOWER for its first request while a later request can already succeed,
 * and an idempotent producer then retries the first one with OUT_OF_ORDER_SEQUENCE_NUMBER until
 * the batch expires: records are lost although idempotence and acks=all are on (KAFKA-15591; we
 * saw it with the pinned Kafka 4.3.1 on a loaded CI machine). A ListOffsets request goes through the same leader check as a
 * produce request, so once it succeeds on every partition that window is over.
 */
public final class ServingPartitions {

    private static final long POLL_MILLIS = 50;

    private ServingPartitions() {
    }

    /**
     * Returns once every partition of {@code topics} has a leader that answers ListOffsets.
     *
     * @throws TimeoutException if that does not happen within {@code timeout}
     * @throws ExecutionException on a non-retriable admin error
     */
    public static void await(Admin admin, Collection<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                if (allServed(admin, topics, remainingMs)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
                // Unknown topic or no leader yet: the metadata has not reached the broker.
            } catch (TimeoutException e) {
                // The admin call's own wait ran out; the deadline check below decides.
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " not served by a leader within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    private static boolean allServed(Admin admin, Collection<String> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        // Fails with UnknownTopicOrPartitionException (retriable) while any topic is not yet known.
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> probe = new HashMap<>();
        for (TopicDescription d : described.values()) {
            for (var p : d.partitions()) {
                if (p.leader() == null || p.leader().isEmpty()) {
                    return false;
                }
                probe.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            }
        }
        admin.listOffsets(probe, new ListOffsetsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, timeoutMs)))
                .all().get(timeoutMs, TimeUnit.MILLISECONDS);
        return true;
    }
}
