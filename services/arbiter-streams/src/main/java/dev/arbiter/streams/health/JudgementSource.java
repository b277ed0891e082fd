package dev.arbiter.streams.health;

import java.util.Locale;

/**
 * Where a judgement the health measures count came from. Probes are judgements Arbiter makes
 * itself to measure the judge; they never become rewards or pairwise results, so their share of
 * the judge's cost is reported on its own.
 */
public enum JudgementSource {
    /** Single-response grading of a candidate: a reward. */
    GRADING,
    /** A pairwise request a producer sent: a pairwise result. */
    PAIRWISE,
    /** A consistency probe: two candidates of one group compared in both orders. */
    PROBE,
    /** A best-of-N selection match (tie-break, tournament, confirmation), judged in both orders. */
    SELECTION;

    /** The value of the {@code source} tag and field, in the meters' lower-case style. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
