package dev.arbiter.judge.parse;

import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.scan.ScanBudget;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the {@code [[rating]]} marker that Auto-J and MT-Bench judges end with ("Rating:
 * [[7]]"). Accepted: an integer or decimal inside double square brackets, optional spaces and
 * markdown emphasis around the number, and {@code [[7/10]]} when the denominator is the scale
 * maximum. Anything else inside brackets (for example the template's own {@code [[rating]]}
 * example) is not a verdict. Every quantifier is possessive and the pattern starts with a
 * literal, so matching is linear in the text's length whatever the text.
 */
public final class BracketRatingParser implements VerdictParser {

    private static final Pattern MARKER = Pattern.compile(
            "\\[\\[\\s*+\\**+\\s*+(-?\\d++(?:\\.\\d++)?+)\\s*+(?:/\\s*+(\\d++(?:\\.\\d++)?+))?+\\s*+\\**+\\s*+]]");

    private final MarkerScan scan;

    public BracketRatingParser() {
        this(ScanBudget.DEFAULT);
    }

    public BracketRatingParser(ScanBudget budget) {
        this.scan = new MarkerScan(MARKER, budget, "rating-brackets parser");
    }

    @Override
    public GradingVerdict parse(String text, double min, double max) {
        MarkerScan.Outcome found = scan.scan(text);
        Optional<MarkerScan.Marker> last = found.last();
        if (last.isEmpty()) {
            return GradingVerdict.parseFailed(min, max, text, found.whyNone("rating marker", "[[rating]] marker"));
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
