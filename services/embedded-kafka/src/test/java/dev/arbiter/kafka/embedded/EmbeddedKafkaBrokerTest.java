package dev.arbiter.kafka.embedded;

import static dev.arbiter.kafka.embedded.TopicRecords.onePartition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @Test
    void readCommittedConsumerSeesExactlyTheCommittedTransactionalRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            assertThat(broker.isReady()).isTrue();
            broker.createTopics(Map.of("judged", 1, "wide", 3));

            try (Admin admin = Admin.create(broker.adminProperties())) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of("judged", "wide"))
                        .allTopicNames().get(10, TimeUnit.SECONDS);
                assertThat(topics.get("judged").partitions()).hasSize(1);
                assertThat(topics.get("wide").partitions()).hasSize(3);
            }

            TopicRecords.writeInTransaction(broker, "judged", List.of("a", "b"), true);
            TopicRecords.writeInTransaction(broker, "judged", List.of("aborted-1", "aborted-2"), false);
            TopicRecords.writeInTransaction(broker, "judged", List.of("c"), true);

            assertThat(TopicRecords.readCommitted(broker, "judged")).containsExactly("a", "b", "c");

            broker.createTopics(Map.of("judged", 1));
            assertThat(TopicRecords.readCommitted(broker, "judged"))
                    .as("creating an existing topic again is accepted and changes nothing")
                    .containsExactly("a", "b", "c");
            assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(broker.bootstrapServers());
        }
    }

    @Test
    void restartOnTheSameLogDirKeepsRecordsAndDoesNotReformat(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka");
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withLogDir(logDir);
        String clusterIdBefore;
        try (EmbeddedKafkaBroker first = new EmbeddedKafkaBroker(config).start()) {
            first.createTopics(onePartition("durable"));
            TopicRecords.writeInTransaction(first, "durable", List.of("before-restart"), true);
            clusterIdBefore = clusterId(logDir);
        }
        assertThat(logDir).as("a caller-supplied log dir is never deleted").isDirectory();

        try (EmbeddedKafkaBroker second = new EmbeddedKafkaBroker(config).start()) {
            assertThat(clusterId(logDir)).isEqualTo(clusterIdBefore);
            TopicRecords.writeInTransaction(second, "durable", List.of("after-restart"), true);
            assertThat(TopicRecords.readCommitted(second, "durable"))
                    .containsExactly("before-restart", "after-restart");
        }
    }

    @Test
    void stoppedBrokerRestartsOnItsOwnPortsAndTemporaryDirWhichCloseDeletes() {
        Path logDir;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            String bootstrap = broker.bootstrapServers();
            logDir = broker.logDir();
            broker.createTopics(onePartition("kept"));
            TopicRecords.writeInTransaction(broker, "kept", List.of("x"), true);

            broker.stop();
            assertThat(broker.isReady()).isFalse();
            broker.start();

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(broker.logDir()).isEqualTo(logDir);
            assertThat(TopicRecords.readCommitted(broker, "kept")).containsExactly("x");
        }
        assertThat(logDir).as("a temporary log dir belongs to the broker").doesNotExist();
    }

    @Test
    void twoBrokersInOneJvmDoNotShareTopicsOrPorts() {
        try (EmbeddedKafkaBroker one = new EmbeddedKafkaBroker().start();
             EmbeddedKafkaBroker two = new EmbeddedKafkaBroker().start()) {
            assertThat(List.of(one.port(), one.controllerPort()))
                    .doesNotContainAnyElementsOf(List.of(two.port(), two.controllerPort()));

            one.createTopics(onePartition("only-on-one"));
            two.createTopics(onePartition("only-on-two"));
            TopicRecords.writeInTransaction(one, "only-on-one", List.of("1"), true);
            TopicRecords.writeInTransaction(two, "only-on-two", List.of("2"), true);

            assertThat(topicNames(one)).contains("only-on-one").doesNotContain("only-on-two");
            assertThat(topicNames(two)).contains("only-on-two").doesNotContain("only-on-one");
            assertThat(TopicRecords.readCommitted(one, "only-on-one")).containsExactly("1");
            assertThat(TopicRecords.readCommitted(two, "only-on-two")).containsExactly("2");
        }
    }

    private static java.util.Set<String> topicNames(EmbeddedKafkaBroker broker) {
        try (Admin admin = Admin.create(broker.adminProperties())) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String clusterId(Path logDir) throws Exception {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(logDir.resolve(KraftStorage.META_PROPERTIES))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }
}
