package dev.arbiter.judge;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A parsed absolute-scale verdict. A rating is present exactly when the status is OK; a parse
 * failure never carries a substitute score, because a made-up default would silently poison a
 * reward signal.
 *
 * @param status   OK or PARSE_FAILED
 * @param rating   the judge's rating on its own scale, when OK
 * @param scaleMin lowest value of the protocol's scale
 * @param scaleMax highest value of the protocol's scale
 * @param rawText  the judge's generated text, kept verbatim
 * @param reason   why parsing failed, empty when OK
 */
public record GradingVerdict(VerdictStatus status, OptionalDouble rating, double scaleMin, double scaleMax,
                             String rawText, String reason) {

    public GradingVerdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rating, "rating");
        Objects.requireNonNull(rawText, "rawText");
        reason = reason == null ? "" : reason;
        if ((status == VerdictStatus.OK) != rating.isPresent()) {
            throw new IllegalArgumentException("a rating is present exactly when the status is OK");
        }
        if (!(scaleMax > scaleMin)) throw new IllegalArgumentException("empty scale");
    }

    public static GradingVerdict ok(double rating, double min, double max, String raw) {
        return new GradingVerdict(VerdictStatus.OK, OptionalDouble.of(rating), min, max, raw, "");
    }

    public static GradingVerdict parseFailed(double min, double max, String raw, String reason) {
        return new GradingVerdict(VerdictStatus.PARSE_FAILED, OptionalDouble.empty(), min, max, raw, reason);
    }

    /** The rating mapped linearly onto [0, 1]: (rating - min) / (max - min). */
    public OptionalDouble normalized() {
        if (rating.isEmpty()) return OptionalDouble.empty();
        return OptionalDouble.of((rating.getAsDouble() - scaleMin) / (scaleMax - scaleMin));
    }
}
