package dev.arbiter.devkit.it;

import dev.arbiter.devkit.runtime.ReadCommittedConsumer;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads one of Arbiter's output topics as a downstream consumer would: read_committed, from the start. */
final class TopicReader<T extends SpecificRecord> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final ConfluentAvroDeserializer<T> deserializer;
    private final List<T> read = new ArrayList<>();

    TopicReader(String bootstrap, SchemaRegistryClient registry, String topic, Class<T> type) {
        this.consumer = ReadCommittedConsumer.fromStart(bootstrap, "topic-reader");
        this.deserializer = new ConfluentAvroDeserializer<>(registry, type);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until the records read so far satisfy {@code done}, or fails after {@code timeout}. */
    List<T> readUntil(Predicate<List<T>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(read)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the records read never satisfied the condition: " + read);
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                read.add(deserializer.deserialize(r.topic(), r.value()));
            }
        }
        return List.copyOf(read);
    }

    /** Everything read within {@code span}: for topics whose record count is not known beforehand. */
    List<T> readFor(Duration span) {
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                read.add(deserializer.deserialize(r.topic(), r.value()));
            }
        }
        return List.copyOf(read);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
