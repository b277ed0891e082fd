package dev.arbiter.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of one single-node KRaft broker started by {@link EmbeddedKafkaBroker}.
 * An empty {@code logDir} means "a fresh temporary directory owned (and deleted on close) by the
 * broker"; a port of {@code 0} means "pick a free port when the broker first starts". The internal
 * topic partition count is deliberately small by default because {@code __consumer_offsets} with
 * its production default of 50 partitions makes the first consumer group on a cold broker wait for
 * 50 partition leaders. {@code brokerProperties} are applied last, so they can override anything
 * this class derives, including the single-node replication settings.
 *
 * @param logDir                  data and metadata log directory, or empty for a temporary one
 * @param port                    PLAINTEXT listener port, 0 to pick a free one
 * @param controllerPort          CONTROLLER listener port, 0 to pick a free one
 * @param defaultPartitions       {@code num.partitions} for auto-created topics
 * @param internalTopicPartitions partitions of {@code __consumer_offsets}, {@code __transaction_state}
 *                                and {@code __share_group_state}
 * @param brokerProperties        extra broker properties, applied after the derived ones
 */
public record EmbeddedKafkaConfig(
        Optional<Path> logDir,
        int port,
        int controllerPort,
        int defaultPartitions,
        int internalTopicPartitions,
        Map<String, String> brokerProperties) {

    /** Host name used both for binding the listeners and for the advertised bootstrap address. */
    public static final String HOST = "localhost";

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(logDir, "logDir");
        requirePort(port, "port");
        requirePort(controllerPort, "controllerPort");
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ: " + port);
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be >= 1: " + defaultPartitions);
        }
        if (internalTopicPartitions < 1) {
            throw new IllegalArgumentException("internalTopicPartitions must be >= 1: " + internalTopicPartitions);
        }
        brokerProperties = Map.copyOf(Objects.requireNonNull(brokerProperties, "brokerProperties"));
    }

    /** Temporary log dir, free ports, 1 default partition, 1 partition per internal topic. */
    public static EmbeddedKafkaConfig defaults() {
        return new EmbeddedKafkaConfig(Optional.empty(), 0, 0, 1, 1, Map.of());
    }

    public EmbeddedKafkaConfig withLogDir(Path dir) {
        return new EmbeddedKafkaConfig(Optional.of(dir), port, controllerPort, defaultPartitions,
                internalTopicPartitions, brokerProperties);
    }

    public EmbeddedKafkaConfig withPort(int newPort) {
        return new EmbeddedKafkaConfig(logDir, newPort, controllerPort, defaultPartitions,
                internalTopicPartitions, brokerProperties);
    }

    public EmbeddedKafkaConfig withControllerPort(int newControllerPort) {
        return new EmbeddedKafkaConfig(logDir, port, newControllerPort, defaultPartitions,
                internalTopicPartitions, brokerProperties);
    }

    public EmbeddedKafkaConfig withDefaultPartitions(int partitions) {
        return new EmbeddedKafkaConfig(logDir, port, controllerPort, partitions,
                internalTopicPartitions, brokerProperties);
    }

    public EmbeddedKafkaConfig withInternalTopicPartitions(int partitions) {
        return new EmbeddedKafkaConfig(logDir, port, controllerPort, defaultPartitions,
                partitions, brokerProperties);
    }

    /** Returns a copy with one more (or one replaced) extra broker property. */
    public EmbeddedKafkaConfig withBrokerProperty(String key, String value) {
        Map<String, String> merged = new LinkedHashMap<>(brokerProperties);
        merged.put(key, value);
        return new EmbeddedKafkaConfig(logDir, port, controllerPort, defaultPartitions,
                internalTopicPartitions, merged);
    }

    private static void requirePort(int value, String name) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
    }
}
