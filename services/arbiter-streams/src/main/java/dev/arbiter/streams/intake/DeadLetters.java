package dev.arbiter.streams.intake;

import dev.arbiter.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds the dead-letter record for an input Arbiter will not judge: the original key and value
 * bytes untouched (so the record can be repaired and replayed), where it came from, and why.
 */
public final class DeadLetters {

    private DeadLetters() {}

    public static DeadLetter of(Record<byte[], byte[]> record, RecordMetadata source, Rejection rejection, Instant now) {
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setReason(rejection.reason())
                .setMessage(rejection.message())
                .setFailedAt(now)
                .build();
    }
}
