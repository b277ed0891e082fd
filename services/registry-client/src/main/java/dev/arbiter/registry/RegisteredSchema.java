package dev.arbiter.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject as the registry reports it: the subject name, the schema's global id
 * (the id written into the Confluent wire format), the subject-local version number and the schema.
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
