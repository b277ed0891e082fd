package dev.arbiter.app.config;

/**
 * How Arbiter finds the systems it works with. EMBEDDED starts everything it needs inside the
 * process (a KRaft broker, a schema registry, the Triton-protocol dev judge), so one command on a
 * laptop shows the whole pipeline; EXTERNAL connects to a real Kafka cluster, registry and Triton
 * and therefore requires their addresses.
 */
public enum Mode {
    EMBEDDED,
    EXTERNAL
}
