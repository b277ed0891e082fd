package dev.arbiter.registry.memory;

import dev.arbiter.registry.CompatibilityLevel;
import dev.arbiter.registry.RegisteredSchema;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A test and development double of a schema registry held in memory, for TopologyTestDriver-style
 * tests that should not start a registry process. It mimics the Confluent semantics the serdes
 * rely on: global ids assigned sequentially from 1 and shared by identical schemas across
 * subjects, re-registration returning the existing id, per-subject compatibility (default
 * BACKWARD, Confluent's default) checked with Avro's {@link SchemaCompatibility}, and the same
 * status / error codes in {@link SchemaRegistryException}. Never use it in production paths:
 * ids are not shared with any other process.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private final CompatibilityLevel defaultLevel;
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> idsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();

    /** A registry whose subjects default to BACKWARD, as Confluent's do. */
    public InMemorySchemaRegistry() {
        this(CompatibilityLevel.BACKWARD);
    }

    public InMemorySchemaRegistry(CompatibilityLevel defaultLevel) {
        this.defaultLevel = Objects.requireNonNull(defaultLevel, "defaultLevel");
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = idsBySubject.getOrDefault(subject, List.of());
        Integer known = idsBySchema.get(schema);
        if (known != null && versions.contains(known)) {
            return known;
        }
        if (!compatibleWithHistory(subject, schema)) {
            throw new SchemaRegistryException(
                    "schema is incompatible with " + subject + " under " + getCompatibility(subject),
                    409, SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        }
        int id = known != null ? known : assignId(schema);
        idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        Integer known = idsBySchema.get(schema);
        if (known == null || !idsBySubject.getOrDefault(subject, List.of()).contains(known)) {
            throw new SchemaRegistryException(
                    "schema not registered under " + subject, 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return known;
    }

    @Override
    public synchronized Schema getById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaRegistryException("no schema with id " + id, 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized RegisteredSchema getLatest(String subject) {
        return getVersion(subject, versionsOf(subject).size());
    }

    @Override
    public synchronized RegisteredSchema getVersion(String subject, int version) {
        List<Integer> ids = versionsOf(subject);
        if (version < 1 || version > ids.size()) {
            throw new SchemaRegistryException(
                    "no version " + version + " of " + subject, 404, SchemaRegistryException.VERSION_NOT_FOUND);
        }
        int id = ids.get(version - 1);
        return new RegisteredSchema(subject, id, version, getById(id));
    }

    @Override
    public synchronized List<Integer> listVersions(String subject) {
        int count = versionsOf(subject).size();
        List<Integer> versions = new ArrayList<>(count);
        for (int v = 1; v <= count; v++) {
            versions.add(v);
        }
        return List.copyOf(versions);
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        return compatibleWithHistory(subject, schema);
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        return levels.getOrDefault(subject, defaultLevel);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levels.put(subject, Objects.requireNonNull(level, "level"));
    }

    private List<Integer> versionsOf(String subject) {
        List<Integer> ids = idsBySubject.get(subject);
        if (ids == null || ids.isEmpty()) {
            throw new SchemaRegistryException("no subject " + subject, 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        return ids;
    }

    private int assignId(Schema schema) {
        schemasById.add(schema);
        int id = schemasById.size();
        idsBySchema.put(schema, id);
        return id;
    }

    private boolean compatibleWithHistory(String subject, Schema candidate) {
        List<Integer> ids = idsBySubject.getOrDefault(subject, List.of());
        if (ids.isEmpty()) {
            return true;
        }
        CompatibilityLevel level = getCompatibility(subject);
        List<Integer> checked = level.transitive() ? ids : ids.subList(ids.size() - 1, ids.size());
        for (int id : checked) {
            Schema earlier = schemasById.get(id - 1);
            if (level.checksBackward() && !canRead(candidate, earlier)) {
                return false;
            }
            if (level.checksForward() && !canRead(earlier, candidate)) {
                return false;
            }
        }
        return true;
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }
}
