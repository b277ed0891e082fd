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
 * @param health        the judge-health counts behind the line's consistency and parse-failure rate
 */
public record ProgressSnapshot(Instant at, long candidates, long rewards, long critiques, long deadLetters, long judgeInFlight,
                               Health health) {
    public ProgressSnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(health, "health");
    }

    /** A snapshot without judge-health counts. */
    public ProgressSnapshot(Instant at, long candidates, long rewards, long critiques, long deadLetters, long judgeInFlight) {
        this(at, candidates, rewards, critiques, deadLetters, judgeInFlight, Health.NONE);
    }

    /**
     * Judge-health counts so far: pairs whose two orders agreed, pairs measured in both orders,
     * verdicts that failed to parse, and verdicts in all.
     */
    public record Health(long consistent, long measured, long parseFailed, long verdicts) {
        public static final Health NONE = new Health(0, 0, 0, 0);
    }
}
