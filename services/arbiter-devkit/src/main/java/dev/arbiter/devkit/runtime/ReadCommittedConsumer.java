package dev.arbiter.devkit.runtime;

import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The consumer every checker of Arbiter's output reads with: read_committed, because that is what
 * an RL trainer sees (records of aborted transactions must not count), from the earliest offset,
 * in a consumer group of its own that never commits offsets, so each reader sees the whole log
 * and leaves nothing behind that a later reader would resume from. Keys are UTF-8 strings, values
 * raw bytes for a Confluent-framed Avro deserializer.
 */
public final class ReadCommittedConsumer {

    private ReadCommittedConsumer() {}

    /** A new consumer on {@code bootstrap} in a fresh group named {@code groupPrefix} plus a random suffix. */
    public static KafkaConsumer<String, byte[]> fromStart(String bootstrap, String groupPrefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
