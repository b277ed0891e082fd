package dev.arbiter.judge.parse;

import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.scan.ScanBudget;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the Self-Rewarding LMs additive verdict, {@code Score: <total points>}. Accepted: the
 * word "Score" (any case, optional markdown bold), a colon, and a whole number of points,
 * optionally written as {@code 4/5}. Fractions of a point are not part of the protocol and are
 * rejected, as are totals outside the scale. The pattern starts at the word itself (bold before
 * it needs no matching) and its quantifiers are possessive, so matching is linear.
 */
public final class AdditiveScoreParser implements VerdictParser {

    private static final Pattern MARKER = Pattern.compile(
            "(?i)score\\**+\\s*+:\\s*+\\**+\\s*+(-?\\d++(?:\\.\\d++)?+)\\s*+(?:/\\s*+(\\d++))?+\\**+");

    private final MarkerScan scan;

    public AdditiveScoreParser() {
        this(ScanBudget.DEFAULT);
    }

    public AdditiveScoreParser(ScanBudget budget) {
        this.scan = new MarkerScan(MARKER, budget, "additive-score parser");
    }

    @Override
    public GradingVerdict parse(String text, double min, double max) {
        MarkerScan.Outcome found = scan.scan(text);
        Optional<MarkerScan.Marker> last = found.last();
        if (last.isEmpty()) {
            return GradingVerdict.parseFailed(min, max, text, found.whyNone("score marker", "'Score: <points>' marker"));
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
