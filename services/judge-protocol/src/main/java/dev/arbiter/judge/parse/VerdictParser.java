package dev.arbiter.judge.parse;

import dev.arbiter.judge.GradingVerdict;

/**
 * Reads an absolute-scale verdict from a judge's generated text. Shared rules for every
 * implementation: only the generated text is parsed; the last verdict marker outside quoted
 * material wins; a missing, malformed or out-of-scale verdict is PARSE_FAILED with the raw
 * text kept and no rating.
 */
public interface VerdictParser {

    GradingVerdict parse(String generatedText, double scaleMin, double scaleMax);

    /** Parser by its configuration name: {@code rating-brackets} or {@code additive-score}. */
    static VerdictParser named(String name) {
        return switch (name) {
            case "rating-brackets" -> new BracketRatingParser();
            case "additive-score" -> new AdditiveScoreParser();
            default -> throw new IllegalArgumentException("unknown verdict parser: " + name);
        };
    }
}
