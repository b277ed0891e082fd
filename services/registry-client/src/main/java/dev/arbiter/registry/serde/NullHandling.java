package dev.arbiter.registry.serde;

/**
 * What {@link ConfluentAvroDeserializer} does with null bytes. On an input topic a null value is bad
 * input (REJECT raises {@link DecodeFailure#NULL_VALUE}); on compacted topics and state stores a
 * null is a tombstone and must pass through as null (RETURN_NULL, Kafka's usual convention).
 */
public enum NullHandling {
    REJECT,
    RETURN_NULL
}
