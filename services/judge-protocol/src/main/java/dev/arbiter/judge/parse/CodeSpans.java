package dev.arbiter.judge.parse;

import java.util.HashMap;
import java.util.Map;

/**
 * The inline code spans of one paragraph, paired as CommonMark pairs them: a run of n backticks
 * opens a span that the next run of exactly n backticks closes, wherever in the paragraph that
 * run is (a span may cross lines); a run with no such partner is literal backticks. Code binds
 * before quote marks do, so a quote mark inside a code span neither opens nor closes a quotation.
 *
 * <p>Whether a run opens a span depends on what comes after it. Searching ahead from every run
 * would be quadratic on a paragraph of unpaired runs of ever-growing length ({@code ` `` ``` ...});
 * instead each run's partner is found in one pass from the right, and the spans in one from the
 * left.
 */
final class CodeSpans {

    private static final CodeSpans NONE = new CodeSpans(new int[0], new int[0]);

    /** Start and end (exclusive) of each span, in text order; spans never overlap. */
    private final int[] starts;
    private final int[] ends;

    private CodeSpans(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** Pairs the paragraph's maximal backtick runs, given in text order. */
    static CodeSpans pair(IntList runStarts, IntList runLengths) {
        int runs = runStarts.size();
        if (runs < 2) return NONE;
        int[] partner = nextRunOfTheSameLength(runLengths);
        IntList spanStarts = new IntList();
        IntList spanEnds = new IntList();
        for (int r = 0; r < runs; ) {
            int close = partner[r];
            if (close < 0) {
                r++;
                continue;
            }
            spanStarts.add(runStarts.get(r));
            spanEnds.add(runStarts.get(close) + runLengths.get(close));
            r = close + 1;
        }
        return new CodeSpans(spanStarts.toArray(), spanEnds.toArray());
    }

    private static int[] nextRunOfTheSameLength(IntList runLengths) {
        int[] next = new int[runLengths.size()];
        Map<Integer, Integer> nearestOfLength = new HashMap<>();
        for (int r = runLengths.size() - 1; r >= 0; r--) {
            Integer later = nearestOfLength.put(runLengths.get(r), r);
            next[r] = later == null ? -1 : later;
        }
        return next;
    }

    int size() {
        return starts.length;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /**
     * The first span at or after {@code from} that ends after {@code index}. Callers walk the
     * text forwards and keep the result as their next {@code from}, so a whole walk costs one
     * pass over the spans.
     */
    int firstEndingAfter(int index, int from) {
        int i = from;
        while (i < starts.length && ends[i] <= index) i++;
        return i;
    }

    /** The first span at or after {@code from} that starts at or after {@code index}. */
    int firstStartingFrom(int index, int from) {
        int i = from;
        while (i < starts.length && starts[i] < index) i++;
        return i;
    }

    /** Whether span {@code i}, which ends after {@code index}, holds it. */
    boolean covers(int i, int index) {
        return i < starts.length && starts[i] <= index;
    }
}
