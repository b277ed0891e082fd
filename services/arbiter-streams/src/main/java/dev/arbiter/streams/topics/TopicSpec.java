package dev.arbiter.streams.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic together with the serdes of its key and value, so topology code says
 * {@code topics.rewards().valueSerde()} instead of repeating names and serde wiring.
 *
 * @param name       the topic name
 * @param keySerde   serde of the record key
 * @param valueSerde serde of the record value
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (name.isBlank()) throw new IllegalArgumentException("topic name must not be blank");
    }
}
