package dev.arbiter.streams.grading;

import dev.arbiter.schema.Critique;
import dev.arbiter.schema.Reward;
import java.util.Objects;

/** The two records emitted together, in one transaction, when a candidate is done. */
public record Emission(Reward reward, Critique critique) {
    public Emission {
        Objects.requireNonNull(reward);
        Objects.requireNonNull(critique);
    }
}
