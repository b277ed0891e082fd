package dev.arbiter.judge.parse;

import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import dev.arbiter.judge.scan.ScanBudget;
import java.util.regex.Pattern;

/**
 * Parses MT-Bench's pairwise verdict markers: {@code [[A]]} (assistant A, position 1),
 * {@code [[B]]} (position 2), {@code [[C]]} (tie). Spaces and markdown bold inside the brackets
 * are tolerated; the letter must be upper-case A, B or C. FastChat's own reader takes whichever
 * of A, B, C it finds first in that priority order, so a quoted "[[A]]" in a critique decides
 * the verdict; here the last unquoted marker wins. Possessive quantifiers after a literal start
 * keep matching linear.
 */
public final class MtBenchPairParser implements PairwiseVerdictParser {

    private static final Pattern MARKER = Pattern.compile("\\[\\[\\s*+\\**+\\s*+([ABC])\\s*+\\**+\\s*+]]");

    private final PreferenceMarkerReader reader;

    public MtBenchPairParser() {
        this(ScanBudget.DEFAULT);
    }

    public MtBenchPairParser(ScanBudget budget) {
        this.reader = new PreferenceMarkerReader(MARKER, m -> switch (m.group(1)) {
            case "A" -> Preference.FIRST;
            case "B" -> Preference.SECOND;
            default -> Preference.TIE;
        }, "[[A]]/[[B]]/[[C]] verdict marker", budget, "mtbench-pair parser");
    }

    @Override
    public PairwiseVerdict parse(String generatedText) {
        return reader.read(generatedText);
    }
}
