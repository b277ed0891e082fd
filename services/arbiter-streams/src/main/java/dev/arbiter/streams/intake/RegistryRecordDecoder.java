package dev.arbiter.streams.intake;

import dev.arbiter.registry.serde.AvroDecodeException;
import dev.arbiter.registry.serde.DecodeFailure;
import dev.arbiter.schema.DeadLetterReason;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes Confluent-framed Avro values with the registry-backed deserializer and maps each
 * decode failure that is the record's fault onto a dead-letter reason (by name: the two enums
 * share their symbols). A registry that cannot be reached is rethrown: the record is fine and
 * must be processed again once the registry answers, not dead-lettered.
 */
public final class RegistryRecordDecoder<T> implements RecordDecoder<T> {

    private final Deserializer<T> deserializer;

    public RegistryRecordDecoder(Deserializer<T> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer);
    }

    @Override
    public Decoded<T> decode(String topic, byte[] value) {
        if (value == null) {
            return new Decoded.Bad<>(new Rejection(DeadLetterReason.NULL_VALUE, "record value is null (tombstone)"));
        }
        try {
            T decoded = deserializer.deserialize(topic, value);
            if (decoded == null) {
                return new Decoded.Bad<>(new Rejection(DeadLetterReason.NULL_VALUE, "record value is null"));
            }
            return new Decoded.Ok<>(decoded);
        } catch (AvroDecodeException e) {
            if (!e.failure().blamesRecord()) throw e;
            return new Decoded.Bad<>(new Rejection(reasonFor(e.failure()), e.getMessage()));
        }
    }

    static DeadLetterReason reasonFor(DecodeFailure failure) {
        try {
            return DeadLetterReason.valueOf(failure.name());
        } catch (IllegalArgumentException unknown) {
            return DeadLetterReason.OTHER;
        }
    }
}
