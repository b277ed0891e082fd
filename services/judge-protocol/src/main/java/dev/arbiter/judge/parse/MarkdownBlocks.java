package dev.arbiter.judge.parse;

/**
 * The line-by-line half of {@link QuotedSpans} (the rules are stated there): fenced code blocks,
 * block quotes with their lazy continuation lines, and the paragraphs between them, whose inline
 * quotes {@link InlineQuotes} finds. At most one of a fence, a block quote or a paragraph is open
 * at a time, and each is handed on when it closes, so spans come out in text order. Each line is
 * read once to find its end, plus its first few characters to classify it.
 */
final class MarkdownBlocks {

    private final CharSequence text;
    private final QuotedSpans.Builder spans;

    private Fence fence;
    private int fenceStart;
    private int quoteStart = -1;
    private int quoteEnd;
    private int paragraphStart = -1;
    private int paragraphEnd;

    private MarkdownBlocks(CharSequence text, QuotedSpans.Builder spans) {
        this.text = text;
        this.spans = spans;
    }

    static void scan(CharSequence text, QuotedSpans.Builder spans) {
        new MarkdownBlocks(text, spans).scanLines();
    }

    private void scanLines() {
        int n = text.length();
        int lineStart = 0;
        while (lineStart <= n) {
            int lineEnd = lineStart;
            while (lineEnd < n && text.charAt(lineEnd) != '\n') lineEnd++;
            int first = lineStart;
            while (first < lineEnd && Character.isWhitespace(text.charAt(first))) first++;
            line(lineStart, first, lineEnd);
            lineStart = lineEnd + 1;
        }
        if (fence != null) spans.add(fenceStart, n); // cut off inside the block: all of it is code
        closeParagraph();
        closeBlockQuote();
    }

    /** One line {@code [start, end)} whose first non-blank character is at {@code first}. */
    private void line(int start, int first, int end) {
        if (fence != null) {
            if (fence.closedBy(text, first, end)) {
                spans.add(fenceStart, end);
                fence = null;
            }
            return;
        }
        Fence opening = Fence.openedBy(text, first, end);
        if (opening != null) {
            closeParagraph();
            closeBlockQuote();
            fence = opening;
            fenceStart = start;
        } else if (first < end && text.charAt(first) == '>') {
            closeParagraph();
            if (quoteStart < 0) quoteStart = start;
            quoteEnd = end;
        } else if (first == end) {
            closeParagraph();
            closeBlockQuote();
        } else if (quoteStart >= 0) {
            quoteEnd = end; // a lazy continuation line: markdown renders it inside the quote
        } else {
            if (paragraphStart < 0) paragraphStart = start;
            paragraphEnd = end;
        }
    }

    private void closeParagraph() {
        if (paragraphStart < 0) return;
        InlineQuotes.find(text, paragraphStart, paragraphEnd, spans);
        paragraphStart = -1;
    }

    private void closeBlockQuote() {
        if (quoteStart < 0) return;
        spans.add(quoteStart, quoteEnd);
        quoteStart = -1;
    }
}
