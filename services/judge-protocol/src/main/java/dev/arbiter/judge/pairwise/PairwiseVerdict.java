package dev.arbiter.judge.pairwise;

import dev.arbiter.judge.VerdictStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed pairwise verdict for one presentation order. A preference is present exactly when
 * the status is OK: a judge output without a readable decision never turns into a default
 * preference, because a made-up "tie" would quietly count as a real judgement in preference
 * data and consistency metrics.
 *
 * @param status     OK or PARSE_FAILED
 * @param preference the preferred position, when OK
 * @param rawText    the judge's generated text, kept verbatim
 * @param reason     why parsing failed, empty when OK
 */
public record PairwiseVerdict(VerdictStatus status, Optional<Preference> preference, String rawText, String reason) {

    public PairwiseVerdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(preference, "preference");
        Objects.requireNonNull(rawText, "rawText");
        reason = reason == null ? "" : reason;
        if ((status == VerdictStatus.OK) != preference.isPresent()) {
            throw new IllegalArgumentException("a preference is present exactly when the status is OK");
        }
    }

    public static PairwiseVerdict ok(Preference preference, String raw) {
        return new PairwiseVerdict(VerdictStatus.OK, Optional.of(preference), raw, "");
    }

    public static PairwiseVerdict parseFailed(String raw, String reason) {
        return new PairwiseVerdict(VerdictStatus.PARSE_FAILED, Optional.empty(), raw, reason);
    }

    public boolean isOk() {
        return status == VerdictStatus.OK;
    }
}
