package dev.arbiter.streams.intake;

import dev.arbiter.schema.DeadLetterReason;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an intake processor sends what it will not judge: the dead-letter child, counted by
 * reason. Shared by every input topic's intake so dead letters look the same whatever their source.
 *
 * @param child   name of the dead-letter sink node
 * @param counter counts rejections by reason, on the meter of the route's input topic
 * @param clock   time of the rejection
 */
public record DeadLetterRoute(String child, Consumer<DeadLetterReason> counter, Clock clock) {

    public DeadLetterRoute {
        Objects.requireNonNull(child);
        Objects.requireNonNull(counter);
        Objects.requireNonNull(clock);
    }

    /** Forwards the dead-letter record for {@code record}, keeping its original key and timestamp. */
    public void send(ProcessorContext<Object, Object> context, Record<byte[], byte[]> record, RecordMetadata source,
                     Rejection rejection) {
        counter.accept(rejection.reason());
        context.forward(new Record<>((Object) record.key(),
                (Object) DeadLetters.of(record, source, rejection, clock.instant()), record.timestamp()), child);
    }
}
