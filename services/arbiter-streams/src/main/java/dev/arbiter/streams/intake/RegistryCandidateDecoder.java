package dev.arbiter.streams.intake;

import dev.arbiter.registry.serde.AvroDecodeException;
import dev.arbiter.registry.serde.DecodeFailure;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.DeadLetterReason;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes Confluent-framed candidates with the registry-backed Avro deserializer and maps each
 * decode failure that is the record's fault onto a dead-letter reason (by name: the two enums
 * share their symbols). A registry that cannot be reached is rethrown: the record is fine and
 * must be processed again once the registry answers, not dead-lettered.
 */
public final class RegistryCandidateDecoder implements CandidateDecoder {

    private final Deserializer<CandidateGeneration> deserializer;

    public RegistryCandidateDecoder(Deserializer<CandidateGeneration> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer);
    }

    @Override
    public Decoded decode(String topic, byte[] value) {
        try {
            CandidateGeneration c = deserializer.deserialize(topic, value);
            if (c == null) {
                return new Decoded.Bad(new Rejection(DeadLetterReason.NULL_VALUE, "record value is null"));
            }
            return new Decoded.Ok(c);
        } catch (AvroDecodeException e) {
            if (!e.failure().blamesRecord()) throw e;
            return new Decoded.Bad(new Rejection(reasonFor(e.failure()), e.getMessage()));
        }
    }

    /** The dead-letter reason for a decode failure that blames the record (names match). */
    public static DeadLetterReason reasonFor(DecodeFailure failure) {
        try {
            return DeadLetterReason.valueOf(failure.name());
        } catch (IllegalArgumentException unknown) {
            return DeadLetterReason.OTHER;
        }
    }
}
