package dev.arbiter.streams.intake;

import dev.arbiter.schema.DeadLetterReason;
import java.util.Objects;

/**
 * Why an input record was not accepted: a machine-readable reason for the dead-letter topic
 * and a message for the human who reads it.
 */
public record Rejection(DeadLetterReason reason, String message) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
