package dev.arbiter.kafka.embedded;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Derives the full property set of a combined broker+controller KRaft node from an
 * {@link EmbeddedKafkaConfig} and the concrete ports and directory chosen at start. The replication
 * settings are mandatory on one node: with the defaults (3) the transaction and offsets topics can
 * never be created and Kafka Streams with exactly-once never reaches RUNNING.
 */
final class SingleNodeBrokerProperties {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private SingleNodeBrokerProperties() {
    }

    static Properties of(EmbeddedKafkaConfig config, Path logDir, int port, int controllerPort) {
        String host = EmbeddedKafkaConfig.HOST;
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", Integer.toString(NODE_ID));
        props.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.setProperty("listeners",
                "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("log.dirs", logDir.toString());

        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");

        // A test or a local run has one member per group; waiting 3 s for more is pure latency.
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.setProperty("num.partitions", Integer.toString(config.defaultPartitions()));
        String internal = Integer.toString(config.internalTopicPartitions());
        props.setProperty("offsets.topic.num.partitions", internal);
        props.setProperty("transaction.state.log.num.partitions", internal);
        props.setProperty("share.coordinator.state.topic.num.partitions", internal);
        // The log cleaner reserves its whole dedupe buffer (128 MiB by default) on the heap; two
        // brokers in one test JVM would spend a quarter of a 1 GiB heap on it.
        props.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));

        // Under transaction version 2 a produce that arrives while the previous transaction of its
        // producer is still committing is answered CONCURRENT_TRANSACTIONS, which the client logs
        // at WARN and retries; with pipelined batches the retry can also overtake its predecessor
        // and be refused as out of sequence (KAFKA-18202, KAFKA-14920). Letting the broker itself
        // wait out the commit (up to 1 s instead of 100 ms) answers most of those produces at
        // once. Real append errors are not affected: only this retriable wait is longer.
        props.setProperty("add.partitions.to.txn.retry.backoff.max.ms", "1000");

        config.brokerProperties().forEach(props::setProperty);
        return props;
    }
}
