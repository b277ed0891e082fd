package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The tests' input writer. It confirms every send, so a test whose input did not fully reach
 * the broker fails as such, instead of later as a pipeline that "lost" records it never got.
 */
final class TestProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final List<Future<RecordMetadata>> sends = new ArrayList<>();

    private TestProducer(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    static TestProducer connect(String bootstrap) {
        return new TestProducer(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer()));
    }

    void send(ProducerRecord<String, byte[]> record) {
        sends.add(producer.send(record));
    }

    /**
     * Writes every value, keyed by {@code key} and serialised by {@code serializer} (the
     * registry's Confluent framing in the tests), then confirms them all.
     */
    <T> void sendAllAndConfirm(String topic, Serializer<T> serializer, List<T> values, Function<T, String> key) throws Exception {
        for (T value : values) {
            send(new ProducerRecord<>(topic, key.apply(value), serializer.serialize(topic, value)));
        }
        flushAndConfirm();
    }

    /** Flushes and checks that the broker acknowledged every record sent so far. */
    void flushAndConfirm() throws Exception {
        producer.flush();
        for (Future<RecordMetadata> f : sends) {
            assertThat(f.get(60, TimeUnit.SECONDS).offset()).isNotNegative();
        }
        sends.clear();
    }

    @Override
    public void close() {
        producer.close();
    }
}
