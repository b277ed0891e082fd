package dev.arbiter.registry.serde;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be decoded by {@link ConfluentAvroDeserializer}. Extends Kafka's
 * {@link SerializationException} so Kafka Streams' deserialization handlers see it as such, and
 * carries a machine-readable {@link DecodeFailure} so a handler can pick a dead-letter reason, or,
 * for {@link DecodeFailure#REGISTRY_UNAVAILABLE}, refuse to dead-letter.
 */
public class AvroDecodeException extends SerializationException {

    private final DecodeFailure failure;
    private final int schemaId;
    private final boolean hasSchemaId;

    public AvroDecodeException(DecodeFailure failure, String message, Throwable cause) {
        this(failure, message, cause, 0, false);
    }

    public AvroDecodeException(DecodeFailure failure, int schemaId, String message, Throwable cause) {
        this(failure, message, cause, schemaId, true);
    }

    private AvroDecodeException(DecodeFailure failure, String message, Throwable cause, int schemaId, boolean hasId) {
        super(failure + ": " + message, cause);
        this.failure = failure;
        this.schemaId = schemaId;
        this.hasSchemaId = hasId;
    }

    /** Why decoding failed. */
    public DecodeFailure failure() {
        return failure;
    }

    /** The writer schema id from the record header, if the header was readable. */
    public OptionalInt schemaId() {
        return hasSchemaId ? OptionalInt.of(schemaId) : OptionalInt.empty();
    }
}
