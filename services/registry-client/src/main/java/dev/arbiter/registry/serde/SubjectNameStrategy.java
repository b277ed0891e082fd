package dev.arbiter.registry.serde;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a record's schema is registered under. Confluent's default is
 * {@link TopicNameStrategy}; a record-name strategy would let one topic carry several types.
 */
@FunctionalInterface
public interface SubjectNameStrategy {
    String subjectFor(String topic, boolean isKey, Schema schema);
}
