package dev.arbiter.registry.serde;

import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro records in the Confluent wire format. The writer schema is the
 * record's own ({@code record.getSchema()}); its id comes from the registry under the subject
 * chosen by the {@link SubjectNameStrategy} (by default {@code <topic>-value} / {@code <topic>-key}),
 * registering it first when {@link SchemaRegistration#AUTO_REGISTER} is chosen. The client caches
 * the id, so steady-state serialisation does no network I/O. Null records serialise to null
 * (tombstones). Failures surface as Kafka's {@link SerializationException}, with the
 * {@link SchemaRegistryException} as cause when the registry refused or could not be reached.
 * Thread-safe; {@link #configure} is a no-op because everything is injected.
 */
public final class ConfluentAvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private final SchemaRegistryClient registry;
    private final boolean isKey;
    private final SchemaRegistration registration;
    private final SubjectNameStrategy subjectNames;
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    /**
     * The id last resolved, by topic and schema instance: a serializer almost always writes one
     * record class to one topic, so this spares the subject name and the registry client's cache
     * lookup on every record. Replaced whole, so readers on other threads see a consistent triple.
     */
    private volatile Resolved last;

    private record Resolved(String topic, Schema schema, int id) {}

    public ConfluentAvroSerializer(
            SchemaRegistryClient registry, boolean isKey, SchemaRegistration registration, SubjectNameStrategy subjectNames) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
        this.registration = Objects.requireNonNull(registration, "registration");
        this.subjectNames = Objects.requireNonNull(subjectNames, "subjectNames");
    }

    /** Topic-name subjects. */
    public ConfluentAvroSerializer(SchemaRegistryClient registry, boolean isKey, SchemaRegistration registration) {
        this(registry, isKey, registration, new TopicNameStrategy());
    }

    /** Topic-name subjects, auto-registering. */
    public ConfluentAvroSerializer(SchemaRegistryClient registry, boolean isKey) {
        this(registry, isKey, SchemaRegistration.AUTO_REGISTER);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        Resolved r = last;
        int id;
        if (r != null && r.schema() == schema && r.topic().equals(topic)) {
            id = r.id();
        } else {
            id = resolve(topic, schema);
            last = new Resolved(topic, schema, id);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(ConfluentWireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writerFor(record).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot write " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int resolve(String topic, Schema schema) {
        String subject = subjectNames.subjectFor(topic, isKey, schema);
        try {
            return registration == SchemaRegistration.AUTO_REGISTER
                    ? registry.register(subject, schema)
                    : registry.lookupId(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "cannot get a schema id for " + schema.getFullName() + " under subject " + subject
                            + " (" + registration + "): " + e.getMessage(), e);
        }
    }

    private DatumWriter<T> writerFor(T record) {
        // the class's own SpecificData carries its logical-type conversions (timestamp-millis -> Instant)
        return writers.computeIfAbsent(record.getSchema(),
                schema -> new SpecificDatumWriter<>(schema, SpecificData.getForClass(record.getClass())));
    }
}
