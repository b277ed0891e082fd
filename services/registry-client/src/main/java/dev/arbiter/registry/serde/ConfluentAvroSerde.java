package dev.arbiter.registry.serde;

import dev.arbiter.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka {@link Serde} pairing {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer}
 * for one generated Avro class, wired by constructor rather than by Kafka's reflective config. The
 * factories cover the usual cases; the full constructor picks registration and null handling.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    public ConfluentAvroSerde(SchemaRegistryClient registry, Class<T> recordClass, boolean isKey,
            SchemaRegistration registration, NullHandling nullHandling) {
        this.serializer = new ConfluentAvroSerializer<>(registry, isKey, registration);
        this.deserializer = new ConfluentAvroDeserializer<>(registry, recordClass, nullHandling);
    }

    /**
     * Values of {@code recordClass}: auto-registering writer, null values rejected as
     * {@link DecodeFailure#NULL_VALUE}. Use the full constructor with {@link NullHandling#RETURN_NULL}
     * for tombstone-carrying topics and stores.
     */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forValues(SchemaRegistryClient registry, Class<T> recordClass) {
        return new ConfluentAvroSerde<>(registry, recordClass, false, SchemaRegistration.AUTO_REGISTER, NullHandling.REJECT);
    }

    /** Keys of {@code recordClass}: auto-registering under {@code <topic>-key}, null keys passed through. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forKeys(SchemaRegistryClient registry, Class<T> recordClass) {
        return new ConfluentAvroSerde<>(registry, recordClass, true, SchemaRegistration.AUTO_REGISTER, NullHandling.RETURN_NULL);
    }

    @Override
    public ConfluentAvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public ConfluentAvroDeserializer<T> deserializer() {
        return deserializer;
    }
}
