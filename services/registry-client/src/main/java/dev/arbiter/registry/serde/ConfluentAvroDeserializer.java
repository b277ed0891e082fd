package dev.arbiter.registry.serde;

import java.util.ArrayList;
import java.io.IOException;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.SchemaRegistryException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Confluent-framed Avro records into the generated class {@code T}. The
 * writer schema is fetched from the registry by the id in the header and resolved against T's
 * compiled reader schema with Avro schema resolution, so records written with an older schema read
 * fine as long as the change was BACKWARD compatible. Every failure is an
 * {@link AvroDecodeException} with a {@link DecodeFailure}. Resolution is decided once per writer
 * id (with {@link SchemaCompatibility}, whose typed incompatibilities tell a missing required field
 * from other mismatches) and cached, together with the resolving DatumReader; unknown ids and
 * registry outages are not cached, since both can change. Thread-safe.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistryClient registry;
    private final Class<T> readerClass;
    private final Schema readerSchema;
    private final SpecificData model;
    private final NullHandling nullHandling;
    private final Map<Integer, Resolution<T>> resolutions = new ConcurrentHashMap<>();

    /** A writer id's decided outcome: a reader, or a failure every record with that id shares. */
    private record Resolution<T>(DatumReader<T> reader, DecodeFailure failure, String detail) {}

    public ConfluentAvroDeserializer(SchemaRegistryClient registry, Class<T> readerClass, NullHandling nullHandling) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readerClass = Objects.requireNonNull(readerClass, "readerClass");
        this.nullHandling = Objects.requireNonNull(nullHandling, "nullHandling");
        this.model = SpecificData.getForClass(readerClass);
        this.readerSchema = model.getSchema(readerClass);
    }

    /** Rejects null input with {@link DecodeFailure#NULL_VALUE}, as an input topic should. */
    public ConfluentAvroDeserializer(SchemaRegistryClient registry, Class<T> readerClass) {
        this(registry, readerClass, NullHandling.REJECT);
    }

    /** The compiled schema records are resolved to. */
    public Schema readerSchema() {
        return readerSchema;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            if (nullHandling == NullHandling.RETURN_NULL) {
                return null;
            }
            throw new AvroDecodeException(DecodeFailure.NULL_VALUE, "null record on topic " + topic, null);
        }
        int id = ConfluentWireFormat.schemaId(data);
        Resolution<T> resolution = resolutionFor(id);
        if (resolution.failure() != null) {
            throw new AvroDecodeException(resolution.failure(), id, resolution.detail(), null);
        }
        int bodyLength = data.length - ConfluentWireFormat.HEADER_LENGTH;
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, ConfluentWireFormat.HEADER_LENGTH, bodyLength, null);
        T value;
        try {
            value = resolution.reader().read(null, decoder);
        } catch (Exception e) {
            // EOF on truncation, AvroRuntimeException / index errors / limit errors on garbage
            throw new AvroDecodeException(DecodeFailure.MALFORMED_AVRO, id,
                    "cannot decode a " + bodyLength + "-byte body as " + readerSchema.getFullName() + ": " + e, e);
        }
        if (!isFullyConsumed(decoder)) {
            throw new AvroDecodeException(DecodeFailure.MALFORMED_AVRO, id,
                    "trailing bytes after a complete " + readerSchema.getFullName(), null);
        }
        return value;
    }

    private static boolean isFullyConsumed(BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            return false;
        }
    }

    private Resolution<T> resolutionFor(int id) {
        Resolution<T> known = resolutions.get(id);
        if (known != null) {
            return known;
        }
        Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaRegistryException e) {
            throw classifyLookupFailure(id, e);
        }
        Resolution<T> decided = resolve(writer);
        Resolution<T> raced = resolutions.putIfAbsent(id, decided);
        return raced != null ? raced : decided;
    }

    /**
     * Turns Avro's JSON-pointer location ({@code /fields/2/type}) into field names
     * ({@code group_size}), so a dead-letter message names the offending field.
     */
    private String fieldPath(String location) {
        try {
            List<String> names = new ArrayList<>();
            Schema current = readerSchema;
            String[] tokens = location.split("/");
            for (int i = 0; i < tokens.length; i++) {
                switch (tokens[i]) {
                    case "fields" -> {
                        Schema.Field field = current.getFields().get(Integer.parseInt(tokens[++i]));
                        names.add(field.name());
                        current = field.schema();
                    }
                    case "items" -> current = current.getElementType();
                    case "values" -> current = current.getValueType();
                    case "", "type", "name", "symbols", "size" -> { }
                    default -> {
                        if (current.getType() == Schema.Type.UNION) {
                            current = current.getTypes().get(Integer.parseInt(tokens[i]));
                        }
                    }
                }
            }
            return names.isEmpty() ? location : String.join(".", names) + " (" + location + ")";
        } catch (RuntimeException unexpectedShape) {
            return location;
        }
    }

    private AvroDecodeException classifyLookupFailure(int id, SchemaRegistryException e) {
        if (e.isNotFound()) {
            return new AvroDecodeException(DecodeFailure.UNKNOWN_SCHEMA_ID, id,
                    "registry has no schema " + id + ": " + e.getMessage(), e);
        }
        if (e.httpStatus() >= 200 && e.httpStatus() < 300) {
            // the registry answered, but with something that is not a usable Avro schema
            return new AvroDecodeException(DecodeFailure.INCOMPATIBLE_SCHEMA, id, e.getMessage(), e);
        }
        // down, 5xx, or a 4xx about our request (auth, bad URL): the record is not to blame
        return new AvroDecodeException(DecodeFailure.REGISTRY_UNAVAILABLE, id, e.getMessage(), e);
    }

    private Resolution<T> resolve(Schema writer) {
        SchemaCompatibilityResult result =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer).getResult();
        List<Incompatibility> problems = result.getIncompatibilities();
        if (problems.isEmpty()) {
            return new Resolution<>(new SpecificDatumReader<>(writer, readerSchema, model), null, null);
        }
        String detail = "writer schema " + writer.getFullName() + " cannot be read as " + readerClass.getName() + ": "
                + problems.stream()
                        .map(p -> p.getType() + " at " + fieldPath(p.getLocation()) + " (" + p.getMessage() + ")")
                        .collect(Collectors.joining("; "));
        boolean onlyMissingFields = problems.stream()
                .allMatch(p -> p.getType() == SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE);
        return new Resolution<>(null,
                onlyMissingFields ? DecodeFailure.MISSING_REQUIRED_FIELD : DecodeFailure.INCOMPATIBLE_SCHEMA, detail);
    }
}
