package dev.arbiter.streams.intake;

import dev.arbiter.judge.safety.RewardHackingDetector;
import dev.arbiter.schema.DeadLetterReason;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs, at intake, the scans that later stages will run on a policy's text, so a text that
 * exhausts its scan budget is dead-lettered as {@code PROCESSING_BUDGET_EXCEEDED} before any
 * judge call is spent on it and before it is stored as pending work. The scans are deterministic
 * (their budget counts characters read, not time), so a response that passes here passes again
 * when its reward is assembled, on this instance or on the one that replays it after a crash.
 */
public final class ResponseScreen {

    private final RewardHackingDetector detector;

    public ResponseScreen(RewardHackingDetector detector) {
        this.detector = Objects.requireNonNull(detector);
    }

    /** Why {@code text} (named {@code field} in the reason) cannot be scanned within budget, or empty when it can. */
    public Optional<Rejection> check(String field, String text) {
        if (detector.flags(text).contains(RewardHackingDetector.SCAN_BUDGET_EXCEEDED)) {
            return Optional.of(new Rejection(DeadLetterReason.PROCESSING_BUDGET_EXCEEDED,
                    "the reward-hacking scan of " + field + " (" + text.length()
                            + " characters) exceeded its scan budget"));
        }
        return Optional.empty();
    }
}
