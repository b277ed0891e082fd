package dev.arbiter.devkit.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * The demo's counters at one instant.
 *
 * @param at            when they were read
 * @param candidates    candidates written (acknowledged by the broker)
 * @param rewards       reward records seen on the rewards topic
 * @param critiques     critique records seen
 * @param deadLetters   dead-letter records seen
 * @param judgeInFlight judge calls outstanding
 */
public record ProgressSnapshot(Instant at, long candidates, long rewards, long critiques, long deadLetters, long judgeInFlight) {
    public ProgressSnapshot {
        Objects.requireNonNull(at, "at");
    }
}
