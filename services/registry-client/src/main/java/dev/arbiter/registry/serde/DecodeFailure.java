package dev.arbiter.registry.serde;

/**
 * Why a Confluent-framed Avro record could not be decoded. Every reason but
 * {@link #REGISTRY_UNAVAILABLE} blames the record itself and is stable (decoding it again gives the
 * same answer), so the record belongs on a dead-letter topic; REGISTRY_UNAVAILABLE blames our side
 * and the caller must retry or stop, never dead-letter. The names match the symbols of the Avro
 * enum {@code dev.arbiter.schema.DeadLetterReason} where one exists, so mapping is by name.
 */
public enum DecodeFailure {
    /** The record value (or key) was null. */
    NULL_VALUE,
    /** Fewer than 5 bytes, or the first byte is not the Confluent magic byte 0. */
    BAD_MAGIC_BYTE,
    /** The registry answered 404 for the schema id in the header. */
    UNKNOWN_SCHEMA_ID,
    /** The Avro body is truncated, garbage, or followed by trailing bytes. */
    MALFORMED_AVRO,
    /** The writer schema cannot be resolved to the reader schema (type or name mismatch, not Avro). */
    INCOMPATIBLE_SCHEMA,
    /** The writer schema lacks a field the reader requires and that has no default. */
    MISSING_REQUIRED_FIELD,
    /** The registry could not be asked (down, timeout, 5xx, auth): not the record's fault. */
    REGISTRY_UNAVAILABLE;

    /** True if the record itself is at fault and may be dead-lettered; false means retry or fail. */
    public boolean blamesRecord() {
        return this != REGISTRY_UNAVAILABLE;
    }
}
