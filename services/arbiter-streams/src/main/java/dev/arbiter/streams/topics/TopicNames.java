package dev.arbiter.streams.topics;

import java.util.Objects;

/**
 * Names of Arbiter's external topics, as configured. Versioned names ({@code .v1}) leave room
 * for an incompatible schema change to go to a new topic instead of breaking consumers.
 */
public record TopicNames(String candidates, String rewards, String critiques, String deadLetter) {

    public static final TopicNames DEFAULTS = new TopicNames(
            "arbiter.candidates.v1", "arbiter.rewards.v1", "arbiter.critiques.v1", "arbiter.dead-letter.v1");

    public TopicNames {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(critiques, "critiques");
        Objects.requireNonNull(deadLetter, "deadLetter");
    }
}
