package dev.arbiter.judge.parse;

import java.util.Arrays;

/**
 * Finds the parts of a judge's text that quote someone else: fenced code blocks, markdown
 * block-quote lines and text between double quotes (ASCII or typographic) on one line. Judges
 * quote the response they grade; a verdict marker inside such a quote is the response talking,
 * not the judge, so parsers skip it.
 *
 * <p>One pass over the text, reading each character once, and a binary search per lookup: the
 * text is a judge's output that quotes a policy's response, so neither its length nor its number
 * of quotes may cost more than linear time (issue 15: a response built of quotes and markers).
 */
final class QuotedSpans {

    /** Start and end (exclusive) of each span, in text order; spans never overlap. */
    private final int[] starts;
    private final int[] ends;

    private QuotedSpans(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    static QuotedSpans of(CharSequence text) {
        Builder spans = new Builder();
        int n = text.length();
        boolean inFence = false;
        int fenceStart = 0;
        int lineStart = 0;
        while (lineStart <= n) {
            int lineEnd = lineStart;
            while (lineEnd < n && text.charAt(lineEnd) != '\n') lineEnd++;
            int first = lineStart;
            while (first < lineEnd && Character.isWhitespace(text.charAt(first))) first++;
            if (startsWithFence(text, first, lineEnd)) {
                if (inFence) {
                    spans.add(fenceStart, lineEnd);
                    inFence = false;
                } else {
                    inFence = true;
                    fenceStart = lineStart;
                }
            } else if (!inFence && first < lineEnd && text.charAt(first) == '>') {
                spans.add(lineStart, lineEnd);
            } else if (!inFence) {
                addQuotedRuns(text, first, lineEnd, spans);
            }
            lineStart = lineEnd + 1;
        }
        if (inFence) spans.add(fenceStart, n);
        return spans.build();
    }

    private static boolean startsWithFence(CharSequence text, int from, int lineEnd) {
        return lineEnd - from >= 3 && text.charAt(from) == '`' && text.charAt(from + 1) == '`' && text.charAt(from + 2) == '`';
    }

    private static void addQuotedRuns(CharSequence text, int from, int lineEnd, Builder spans) {
        int open = -1;
        char closer = 0;
        for (int i = from; i < lineEnd; i++) {
            char c = text.charAt(i);
            if (open < 0) {
                if (c == '"') { open = i; closer = '"'; }
                else if (c == '\u201C') { open = i; closer = '\u201D'; }
            } else if (c == closer) {
                spans.add(open, i + 1);
                open = -1;
            }
        }
    }

    boolean contains(int index) {
        int i = Arrays.binarySearch(starts, index);
        if (i >= 0) return true;
        int before = -i - 2; // the last span starting before index
        return before >= 0 && index < ends[before];
    }

    private static final class Builder {
        private int[] starts = new int[8];
        private int[] ends = new int[8];
        private int size;

        void add(int start, int end) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            starts[size] = start;
            ends[size] = end;
            size++;
        }

        QuotedSpans build() {
            return new QuotedSpans(Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
        }
    }
}
