package dev.arbiter.judge.parse;

import dev.arbiter.judge.GradingVerdict;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the Self-Rewarding LMs additive verdict, {@code Score: <total points>}. Accepted: the
 * word "Score" (any case, optional markdown bold), a colon, and a whole number of points,
 * optionally written as {@code 4/5}. Fractions of a point are not part of the protocol and are
 * rejected, as are totals outside the scale.
 */
public final class AdditiveScoreParser implements VerdictParser {

    private static final Pattern MARKER = Pattern.compile(
            "(?i)\\**score\\**\\s*:\\s*\\**\\s*(-?\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(\\d+))?\\**");

    @Override
    public GradingVerdict parse(String text, double min, double max) {
        Optional<MarkerScan.MatchResultView> last = MarkerScan.lastUnquoted(MARKER, text);
        if (last.isEmpty()) {
            String why = MarkerScan.anyMatch(MARKER, text)
                    ? "score marker appears only inside quoted text" : "no 'Score: <points>' marker";
            return GradingVerdict.parseFailed(min, max, text, why);
        }
        String number = last.get().group(1);
        if (number.contains(".") && Double.parseDouble(number) != Math.floor(Double.parseDouble(number))) {
            return GradingVerdict.parseFailed(min, max, text, "fractional points: " + number);
        }
        String denominator = last.get().group(2);
        if (denominator != null && Double.parseDouble(denominator) != max) {
            return GradingVerdict.parseFailed(min, max, text, "score on a different scale: /" + denominator);
        }
        double value = Double.parseDouble(number);
        if (value < min || value > max) {
            return GradingVerdict.parseFailed(min, max, text, "score " + value + " outside [" + min + ", " + max + "]");
        }
        return GradingVerdict.ok(value, min, max, text);
    }
}
