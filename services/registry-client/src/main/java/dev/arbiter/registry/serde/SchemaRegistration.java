package dev.arbiter.registry.serde;

/**
 * Whether {@link ConfluentAvroSerializer} may register the writer schema of the records it writes.
 * Production deployments that manage schemas out of band (CI registers them, the app only uses
 * them) choose LOOKUP_ONLY, so an unreviewed schema change fails loudly instead of becoming a new
 * version.
 */
public enum SchemaRegistration {
    /** Register the schema under the subject if needed (Confluent's auto.register.schemas=true). */
    AUTO_REGISTER,
    /** Only look the schema up; writing fails if it is not already registered under the subject. */
    LOOKUP_ONLY
}
