package dev.arbiter.app.eval;

import java.util.Objects;

/**
 * One rated response as one judge profile graded it: the human rating, the judge's rating on its
 * own scale (null without a usable verdict), the verdict's status and the judge's text.
 */
public record RatingJudgement(int line, String profile, String scenario, double humanRating, Double judgeRating,
                              String status, String text) {
    public RatingJudgement {
        Objects.requireNonNull(profile);
        Objects.requireNonNull(scenario);
        Objects.requireNonNull(status);
        Objects.requireNonNull(text);
    }
}
