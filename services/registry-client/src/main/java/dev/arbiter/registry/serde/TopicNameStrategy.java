package dev.arbiter.registry.serde;

import org.apache.avro.Schema;

/**
 * Confluent's default subject naming: {@code <topic>-key} for keys and {@code <topic>-value} for
 * values, so every topic has one evolving schema per side.
 */
public final class TopicNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectFor(String topic, boolean isKey, Schema schema) {
        return topic + (isKey ? "-key" : "-value");
    }
}
