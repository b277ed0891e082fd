package dev.arbiter.kafka.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.kafka.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServingPartitionsTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void idempotentProducerStartedRightAfterTheWaitLosesNoRecordOnANewTopic() throws Exception {
        int partitions = 8;
        try (Admin admin = Admin.create(broker.adminProperties())) {
            admin.createTopics(List.of(new NewTopic("fresh", partitions, (short) 1))).all().get(20, TimeUnit.SECONDS);
            ServingPartitions.await(admin, List.of("fresh"), Duration.ofSeconds(30));
        }
        Properties props = broker.adminProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Small batches and several requests in flight per partition: the shape that loses records
        // when the first request meets a partition its leader does not serve yet.
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 400; i++) {
                sends.add(producer.send(new ProducerRecord<>("fresh", i % partitions, "k" + i, "v" + i)));
            }
            producer.flush();
        }
        for (Future<RecordMetadata> f : sends) {
            assertThat(f.get(30, TimeUnit.SECONDS).offset()).isNotNegative();
        }
    }

    @Test
    void waitingForATopicThatNeverAppearsTimesOut() throws Exception {
        try (Admin admin = Admin.create(broker.adminProperties())) {
            assertThatThrownBy(() -> ServingPartitions.await(admin, List.of("never-created"), Duration.ofMillis(800)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("never-created");
        }
    }
}
