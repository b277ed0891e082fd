package dev.arbiter.app.config;

import dev.arbiter.streams.topics.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How Arbiter talks to Kafka: the cluster, the Streams application identity and the topics.
 * Anything Arbiter has no dedicated key for is passed through verbatim, so operators can use
 * every Kafka option (security, tuning) without Arbiter having to know it.
 *
 * @param bootstrapServers  broker list (required in EXTERNAL mode; EMBEDDED uses its own broker)
 * @param applicationId     Kafka Streams application id: consumer group and internal-topic prefix
 * @param stateDir          local state directory; empty leaves the choice to the runtime
 * @param numStreamThreads  stream threads in this instance
 * @param commitInterval    transaction commit interval, the floor of end-to-end latency
 * @param replicationFactor replication factor of internal topics and of topics Arbiter creates
 * @param topicPartitions   partitions of topics Arbiter creates (the unit of parallelism)
 * @param topics            names of the external topics
 * @param streamsProperties Kafka Streams properties from {@code arbiter.kafka.streams.*}
 * @param clientProperties  properties for every Kafka client (Streams, producers, consumers,
 *                          admin) from {@code arbiter.kafka.client.*}, e.g. security.protocol
 */
public record KafkaSettings(
        Optional<String> bootstrapServers,
        String applicationId,
        Optional<Path> stateDir,
        int numStreamThreads,
        Duration commitInterval,
        int replicationFactor,
        int topicPartitions,
        TopicNames topics,
        Map<String, String> streamsProperties,
        Map<String, String> clientProperties) {

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(topics, "topics");
        streamsProperties = sortedCopy(streamsProperties);
        clientProperties = sortedCopy(clientProperties);
    }

    /**
     * What to hand to Kafka Streams as pass-through: client properties first, then Streams
     * properties, so a Streams-specific value wins over a general client one.
     */
    public Map<String, String> streamsPassThrough() {
        Map<String, String> merged = new TreeMap<>(clientProperties);
        merged.putAll(streamsProperties);
        return Collections.unmodifiableMap(merged);
    }

    private static Map<String, String> sortedCopy(Map<String, String> map) {
        return Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(map)));
    }

}
