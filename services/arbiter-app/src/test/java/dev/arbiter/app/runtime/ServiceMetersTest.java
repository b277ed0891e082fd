package dev.arbiter.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service meters read a real Kafka Streams client. One that is never started needs no broker
 * (its admin client tries the unreachable address in the background and that is all), so its
 * state can be driven from CREATED to NOT_RUNNING here.
 */
class ServiceMetersTest {

    @Test
    void theStateGaugeFollowsTheStreamsClientAndTheRestoreMetersAreBoundBeforeStart(@TempDir Path state) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "service-meters-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             ServiceMeters meters = ServiceMeters.bind(streams, registry)) {
            assertThat(gauge(registry, "arbiter.streams.state")).isEqualTo(KafkaStreams.State.CREATED.ordinal());
            assertThat(gauge(registry, "arbiter.streams.restoring.partitions")).isZero();
            assertThat(registry.get("arbiter.streams.restored.records").functionCounter().count()).isZero();
            assertThat(registry.find("jvm.memory.used").gauges()).isNotEmpty();

            streams.close(Duration.ofSeconds(10));
            assertThat(gauge(registry, "arbiter.streams.state")).isEqualTo(KafkaStreams.State.NOT_RUNNING.ordinal());
        }
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }
}
