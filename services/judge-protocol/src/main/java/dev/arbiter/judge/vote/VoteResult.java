package dev.arbiter.judge.vote;

import dev.arbiter.judge.VerdictStatus;
import java.util.OptionalDouble;

/**
 * The combination of k sampled absolute verdicts for one response. Statistics cover only the
 * samples that parsed; the failures are still counted in {@code total} so a judge that often
 * fails to follow its format is visible. With no valid sample the status is PARSE_FAILED and
 * every statistic is empty (agreement 0), never a substitute score.
 *
 * @param status       OK when at least one sample parsed
 * @param meanRating   mean of the valid ratings (the reward to use: it keeps the judge's
 *                     uncertainty as a fractional value)
 * @param medianRating median of the valid ratings (mean of the two middle ones for an even
 *                     count); robust to one runaway sample
 * @param valid        samples with a rating
 * @param total        samples drawn
 * @param agreement    share of valid samples equal to the most common rating, in [0, 1]
 * @param scaleMin     the protocol scale's lowest value
 * @param scaleMax     the protocol scale's highest value
 */
public record VoteResult(VerdictStatus status, OptionalDouble meanRating, OptionalDouble medianRating,
                         int valid, int total, double agreement, double scaleMin, double scaleMax) {

    public VoteResult {
        java.util.Objects.requireNonNull(status, "status");
        if (valid < 0 || valid > total) throw new IllegalArgumentException("valid " + valid + " of " + total);
        if ((status == VerdictStatus.OK) != (valid > 0)) {
            throw new IllegalArgumentException("status OK exactly when a sample is valid");
        }
        if (meanRating.isPresent() != (valid > 0) || medianRating.isPresent() != (valid > 0)) {
            throw new IllegalArgumentException("statistics are present exactly when a sample is valid");
        }
    }

    /** The mean rating mapped linearly onto [0, 1]. */
    public OptionalDouble normalizedMean() {
        if (meanRating.isEmpty()) return OptionalDouble.empty();
        return OptionalDouble.of((meanRating.getAsDouble() - scaleMin) / (scaleMax - scaleMin));
    }
}
