package dev.arbiter.devkit.demo;

import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where the {@link ProgressReporter} reads its numbers: plain suppliers, so the reporter does
 * not depend on the producer, the output watcher or the judge client that own them.
 */
public record ProgressSource(LongSupplier candidatesSent, LongSupplier rewardsSeen, LongSupplier critiquesSeen,
                             LongSupplier deadLettersSeen, LongSupplier judgeInFlight,
                             Supplier<ProgressSnapshot.Health> health) {

    /** A source without judge-health counts. */
    public ProgressSource(LongSupplier candidatesSent, LongSupplier rewardsSeen, LongSupplier critiquesSeen,
                          LongSupplier deadLettersSeen, LongSupplier judgeInFlight) {
        this(candidatesSent, rewardsSeen, critiquesSeen, deadLettersSeen, judgeInFlight, () -> ProgressSnapshot.Health.NONE);
    }

    public ProgressSource {
        Objects.requireNonNull(candidatesSent, "candidatesSent");
        Objects.requireNonNull(rewardsSeen, "rewardsSeen");
        Objects.requireNonNull(critiquesSeen, "critiquesSeen");
        Objects.requireNonNull(deadLettersSeen, "deadLettersSeen");
        Objects.requireNonNull(judgeInFlight, "judgeInFlight");
        Objects.requireNonNull(health, "health");
    }

    ProgressSnapshot sample(Instant at) {
        return new ProgressSnapshot(at, candidatesSent.getAsLong(), rewardsSeen.getAsLong(), critiquesSeen.getAsLong(),
                deadLettersSeen.getAsLong(), judgeInFlight.getAsLong(), health.get());
    }
}
