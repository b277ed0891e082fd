package dev.arbiter.judge.parse;

import dev.arbiter.judge.pairwise.PairwiseVerdict;

/**
 * Reads a positional pairwise verdict from a judge's generated text. The rules shared with
 * {@link VerdictParser}: only generated text is parsed; the last decision marker outside quoted
 * material wins (judges revise themselves, and they quote candidates whose text may itself
 * contain a marker); a missing or malformed decision is PARSE_FAILED with the raw text kept and
 * no preference.
 */
public interface PairwiseVerdictParser {

    PairwiseVerdict parse(String generatedText);

    /** Parser by its configuration name: {@code autoj-pairwise} or {@code mtbench-pair}. */
    static PairwiseVerdictParser named(String name) {
        return switch (name) {
            case "autoj-pairwise" -> new AutoJPairwiseParser();
            case "mtbench-pair" -> new MtBenchPairParser();
            default -> throw new IllegalArgumentException("unknown pairwise verdict parser: " + name);
        };
    }
}
