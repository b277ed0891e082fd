package dev.arbiter.judge.parse;

import dev.arbiter.judge.GradingVerdict;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the {@code [[rating]]} marker that Auto-J and MT-Bench judges end with ("Rating:
 * [[7]]"). Accepted: an integer or decimal inside double square brackets, optional spaces and
 * markdown emphasis around the number, and {@code [[7/10]]} when the denominator is the scale
 * maximum. Anything else inside brackets (for example the template's own {@code [[rating]]}
 * example) is not a verdict.
 */
public final class BracketRatingParser implements VerdictParser {

    private static final Pattern MARKER =
            Pattern.compile("\\[\\[\\s*\\**\\s*(-?\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(\\d+(?:\\.\\d+)?))?\\s*\\**\\s*]]");

    @Override
    public GradingVerdict parse(String text, double min, double max) {
        Optional<MarkerScan.MatchResultView> last = MarkerScan.lastUnquoted(MARKER, text);
        if (last.isEmpty()) {
            String why = MarkerScan.anyMatch(MARKER, text)
                    ? "rating marker appears only inside quoted text" : "no [[rating]] marker";
            return GradingVerdict.parseFailed(min, max, text, why);
        }
        double value = Double.parseDouble(last.get().group(1));
        String denominator = last.get().group(2);
        if (denominator != null && Double.parseDouble(denominator) != max) {
            return GradingVerdict.parseFailed(min, max, text, "rating on a different scale: /" + denominator);
        }
        if (value < min || value > max) {
            return GradingVerdict.parseFailed(min, max, text, "rating " + value + " outside [" + min + ", " + max + "]");
        }
        return GradingVerdict.ok(value, min, max, text);
    }
}
