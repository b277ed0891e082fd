package dev.arbiter.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaConfigTest {

    @Test
    void derivedPropertiesCarryTheSingleNodeReplicationSettingsAndChosenPorts() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withInternalTopicPartitions(2);

        var props = SingleNodeBrokerProperties.of(config, Path.of("/data/k"), 19092, 19093);

        assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@localhost:19093");
        assertThat(props.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093");
        assertThat(props.getProperty("log.dirs")).isEqualTo("/data/k");
        assertThat(props).containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("offsets.topic.num.partitions", "2")
                .containsEntry("transaction.state.log.num.partitions", "2");
    }

    @Test
    void extraBrokerPropertiesOverrideDerivedOnes() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults()
                .withBrokerProperty("auto.create.topics.enable", "false")
                .withBrokerProperty("group.initial.rebalance.delay.ms", "500");

        var props = SingleNodeBrokerProperties.of(config, Path.of("/d"), 1, 2);

        assertThat(props).containsEntry("auto.create.topics.enable", "false")
                .containsEntry("group.initial.rebalance.delay.ms", "500");
    }

    @Test
    void configIsImmutableAgainstTheCallersMap() {
        Map<String, String> extras = new HashMap<>(Map.of("a", "1"));
        EmbeddedKafkaConfig config = new EmbeddedKafkaConfig(Optional.empty(), 0, 0, 1, 1, extras);
        extras.put("b", "2");

        assertThat(config.brokerProperties()).containsOnlyKeys("a");
        assertThat(config.withBrokerProperty("c", "3").brokerProperties()).containsOnlyKeys("a", "c");
        assertThat(config.brokerProperties()).containsOnlyKeys("a");
    }

    @Test
    void rejectsEqualFixedPortsAndNonPositivePartitionCounts() {
        assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withPort(9092).withControllerPort(9092))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withDefaultPartitions(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withInternalTopicPartitions(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mainParsesItsArguments() {
        EmbeddedKafkaConfig config = EmbeddedKafkaMain.parse(
                new String[] {"--port", "19092", "--controller-port", "19093", "--log-dir", "/x", "--partitions", "3"});

        assertThat(config.port()).isEqualTo(19092);
        assertThat(config.controllerPort()).isEqualTo(19093);
        assertThat(config.logDir()).contains(Path.of("/x"));
        assertThat(config.defaultPartitions()).isEqualTo(3);
        assertThatThrownBy(() -> EmbeddedKafkaMain.parse(new String[] {"--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
