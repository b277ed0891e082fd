package dev.arbiter.judge.parse;

import java.util.Arrays;

/**
 * Finds the parts of a judge's text that quote someone else. Judges quote the response they
 * grade, and a policy writes that response, so a verdict marker inside a quotation is the
 * response talking, not the judge: parsers skip it. The text is read as the markdown it is:
 * <ul>
 *   <li><b>Fenced code blocks</b>: from a line starting (after any indentation) with three or
 *       more backticks or tildes to the next line of at least as many of the same character and
 *       nothing else ({@link Fence}). A fence still open at the end of the text runs to the end:
 *       the judge was cut off inside it.</li>
 *   <li><b>Block quotes</b>: from a line starting with {@code >} over every following line up to
 *       a blank line or a fence, including lines without a {@code >} (markdown's lazy
 *       continuation), so a judge that marks only the first line of a multi-line quotation still
 *       quotes all of it. The judge's own verdict is therefore read only after a blank line
 *       ends the quotation, which is how judges write it.</li>
 *   <li><b>Inline code</b>: in a paragraph (the lines between blank lines, fences and block
 *       quotes), from a run of backticks to the next run of exactly as many, across lines too
 *       ({@link CodeSpans}). An unpaired run is literal. Quote marks inside code are code.</li>
 *   <li><b>Double quotes</b> ({@code "..."} and {@code “...”}): from an opening mark to the next
 *       closing mark of the same style in the paragraph, across lines too. An ASCII {@code "}
 *       right after a letter or digit is more often an inch sign ({@code 12"}) than a quotation,
 *       so it quotes only up to a closing mark on its own line.</li>
 *   <li><b>Single quotes</b> ({@code '...'} and {@code ‘...’}): on one line only. A {@code '}
 *       opens only when not preceded by a letter or digit and closes (like {@code ’}) only when
 *       not followed by one: an apostrophe inside a word ("don't", "the model's", "Response
 *       1's") does neither, and one ending a word ("the authors'") can only close.</li>
 * </ul>
 * Within a paragraph the first mark to open wins and everything up to its closer is quoted,
 * other marks included. A mark with no closer in its reach is a stray mark (an apostrophe, an
 * inch sign, a quotation the judge never closed) and quotes nothing: a single stray mark must
 * not be able to hide the judge's own verdict after it. The price is that a quotation the
 * generation was cut off inside is not taken as one (unlike an unclosed fence, which is
 * unambiguous).
 *
 * <p>The text is a judge's output that quotes a policy's response, so neither its length nor
 * its number of quotes may cost more than linear time (issue 15: a response built of quotes and
 * markers; issue 13: of unclosed quotes and fences). Every rule is found in passes that never
 * search ahead from a mark ({@link MarkdownBlocks}, {@link InlineQuotes}), and a lookup is a
 * binary search.
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
        MarkdownBlocks.scan(text, spans);
        return spans.build();
    }

    boolean contains(int index) {
        int i = Arrays.binarySearch(starts, index);
        if (i >= 0) return true;
        int before = -i - 2; // the last span starting before index
        return before >= 0 && index < ends[before];
    }

    /** Collects spans in text order, as both scanners produce them. */
    static final class Builder {
        private final IntList starts = new IntList();
        private final IntList ends = new IntList();

        void add(int start, int end) {
            if (end <= start) return;
            // Both scanners emit in text order by construction; a parser must never throw on the
            // stream thread, so this is checked in tests only.
            assert ends.isEmpty() || start >= ends.last() : "quoted spans out of order at " + start;
            starts.add(start);
            ends.add(end);
        }

        QuotedSpans build() {
            return new QuotedSpans(starts.toArray(), ends.toArray());
        }
    }
}
