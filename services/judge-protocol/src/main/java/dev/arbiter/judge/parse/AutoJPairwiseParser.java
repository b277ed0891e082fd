package dev.arbiter.judge.parse;

import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import dev.arbiter.judge.scan.ScanBudget;
import java.util.regex.Pattern;

/**
 * Parses Auto-J's pairwise decision, "So, the final decision is Response 1 / Response 2 / Tie".
 * Accepted: "final decision is" (any case, any spacing, an optional colon) followed by
 * "Response 1", "Response 2" or "Tie", optionally wrapped in markdown emphasis or quotes. The
 * template's own "Response 1 / Response 2 / Tie" instruction, echoed back, is not a decision,
 * nor is "Response 12". Auto-J's reference code also reads the last occurrence; unlike it, a
 * later unreadable "final decision is ..." does not void an earlier readable one. The pattern
 * starts with a literal word and every quantifier is possessive, so matching is linear.
 */
public final class AutoJPairwiseParser implements PairwiseVerdictParser {

    private static final Pattern MARKER = Pattern.compile(
            "(?i)final\\s++decision\\s++is\\s*+:?+\\s*+[*_\"\u201C']*+\\s*+(?:response\\s*+([12])|tie)(?![0-9])(?!\\s*+/)");

    private final PreferenceMarkerReader reader;

    public AutoJPairwiseParser() {
        this(ScanBudget.DEFAULT);
    }

    public AutoJPairwiseParser(ScanBudget budget) {
        this.reader = new PreferenceMarkerReader(MARKER, m -> {
            String position = m.group(1);
            if (position == null) return Preference.TIE;
            return position.equals("1") ? Preference.FIRST : Preference.SECOND;
        }, "'final decision is Response 1/Response 2/Tie' statement", budget, "autoj-pairwise parser");
    }

    @Override
    public PairwiseVerdict parse(String generatedText) {
        return reader.read(generatedText);
    }
}
