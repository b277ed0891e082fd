package dev.arbiter.registry;

/**
 * Confluent's compatibility levels. BACKWARD (the Confluent default, and what Arbiter sets on its
 * subjects) means consumers using the new schema can read data written with the previous one:
 * new fields need defaults, and fields may be removed. The TRANSITIVE variants check against all
 * earlier versions rather than only the latest one.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** True if new readers must be able to read data written with earlier schemas. */
    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** True if old readers must be able to read data written with the new schema. */
    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** True if the check covers every earlier version, not just the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }
}
