package dev.arbiter.judge.parse;

/**
 * The inline half of {@link QuotedSpans}: code spans and quoted passages inside one paragraph
 * (the rules are stated there). Three steps, none of which searches ahead from a mark, so the
 * work is linear in the paragraph's length however its marks are arranged:
 * <ol>
 *   <li>one read of the paragraph records its quote marks, each with the roles its neighbours
 *       allow it (open, close, continue past its line), its backtick runs and its line breaks;</li>
 *   <li>{@link CodeSpans} pairs the backtick runs;</li>
 *   <li>one walk over the marks pairs each opening mark with the first closing mark of its style
 *       after it, through a cursor per style that only moves forwards: the first closer after a
 *       mark is also the first after every later mark before it.</li>
 * </ol>
 */
final class InlineQuotes {

    private static final int OPENS = 1;
    private static final int CLOSES = 2;
    /** An opening mark whose passage may continue onto the paragraph's later lines. */
    private static final int CROSSES_LINES = 4;
    private static final int STYLE_SHIFT = 3;

    private static final int STRAIGHT_DOUBLE = 0;
    private static final int CURLY_DOUBLE = 1;
    private static final int STRAIGHT_SINGLE = 2;
    private static final int CURLY_SINGLE = 3;
    private static final int STYLES = 4;

    private final CharSequence text;
    private final int from;
    private final int to;
    private final QuotedSpans.Builder spans;

    private final IntList markAt = new IntList();
    private final IntList markRoles = new IntList();
    private final IntList runStarts = new IntList();
    private final IntList runLengths = new IntList();
    private final IntList lineBreaks = new IntList();
    private int lineCursor;

    private CodeSpans code;
    /** Per style: the mark index the closer search has reached, and its code-span cursor. */
    private final int[] closerCursor = new int[STYLES];
    private final int[] closerCodeCursor = new int[STYLES];

    private InlineQuotes(CharSequence text, int from, int to, QuotedSpans.Builder spans) {
        this.text = text;
        this.from = from;
        this.to = to;
        this.spans = spans;
    }

    /** Adds the quoted parts of the paragraph {@code [from, to)} to {@code spans}, in text order. */
    static void find(CharSequence text, int from, int to, QuotedSpans.Builder spans) {
        InlineQuotes paragraph = new InlineQuotes(text, from, to, spans);
        paragraph.recordMarks();
        if (paragraph.markAt.isEmpty() && paragraph.runStarts.size() < 2) return; // plain prose
        paragraph.code = CodeSpans.pair(paragraph.runStarts, paragraph.runLengths);
        paragraph.pairMarks();
    }

    private void recordMarks() {
        boolean afterWord = false;
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '`') {
                int run = i;
                while (i < to && text.charAt(i) == '`') i++;
                runStarts.add(run);
                runLengths.add(i - run);
                afterWord = false;
                continue;
            }
            if (c == '\n') lineBreaks.add(i);
            int roles = roles(c, afterWord, i + 1);
            if (roles != 0) {
                markAt.add(i);
                markRoles.add(roles);
            }
            afterWord = isWordChar(c);
            i++;
        }
    }

    /**
     * What a quote mark may do, from the characters beside it; 0 for any other character. The
     * neighbours tell an apostrophe (inside or at the end of a word) from a single quote, and an
     * inch sign (after a digit) from a double quote that may run past its line.
     */
    private int roles(char c, boolean afterWord, int next) {
        switch (c) {
            case '"':
                return style(STRAIGHT_DOUBLE) | OPENS | CLOSES | (afterWord ? 0 : CROSSES_LINES);
            case '\u201C':
                return style(CURLY_DOUBLE) | OPENS | CROSSES_LINES;
            case '\u201D':
                return style(CURLY_DOUBLE) | CLOSES;
            case '\'':
                int straight = (afterWord ? 0 : OPENS) | (beforeWord(next) ? 0 : CLOSES);
                return straight == 0 ? 0 : style(STRAIGHT_SINGLE) | straight;
            case '\u2018':
                return style(CURLY_SINGLE) | OPENS;
            case '\u2019':
                return beforeWord(next) ? 0 : style(CURLY_SINGLE) | CLOSES;
            default:
                return 0;
        }
    }

    private boolean beforeWord(int next) {
        return next < to && isWordChar(text.charAt(next));
    }

    /** Letters, digits and the combining marks that belong to them ("e\u0301's" is one word). */
    private static boolean isWordChar(char c) {
        if (Character.isLetterOrDigit(c)) return true;
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static int style(int style) {
        return style << STYLE_SHIFT;
    }

    private static int styleOf(int roles) {
        return roles >>> STYLE_SHIFT;
    }

    private void pairMarks() {
        int codeToAdd = 0;
        int codeCursor = 0;
        int k = 0;
        while (k < markAt.size()) {
            int at = markAt.get(k);
            int roles = markRoles.get(k);
            codeCursor = code.firstEndingAfter(at, codeCursor);
            if ((roles & OPENS) == 0 || code.covers(codeCursor, at)) {
                k++;
                continue;
            }
            int closer = closerAfter(styleOf(roles), at);
            int limit = (roles & CROSSES_LINES) != 0 ? to : lineEnd(at);
            if (closer < 0 || markAt.get(closer) >= limit) {
                k++; // a stray mark: an apostrophe, an inch sign, a quotation never closed
                continue;
            }
            codeToAdd = addCodeSpansBefore(at, codeToAdd);
            int end = markAt.get(closer) + 1;
            spans.add(at, end);
            codeToAdd = code.firstStartingFrom(end, codeToAdd); // code inside the passage is in its span
            k = closer + 1;
        }
        addCodeSpansBefore(to, codeToAdd);
    }

    /** The index of the first mark after {@code at} that closes {@code style} outside code, or -1. */
    private int closerAfter(int style, int at) {
        int k = closerCursor[style];
        while (k < markAt.size()) {
            int roles = markRoles.get(k);
            int position = markAt.get(k);
            if (position > at && styleOf(roles) == style && (roles & CLOSES) != 0) {
                closerCodeCursor[style] = code.firstEndingAfter(position, closerCodeCursor[style]);
                if (!code.covers(closerCodeCursor[style], position)) break;
            }
            k++;
        }
        closerCursor[style] = k;
        return k < markAt.size() ? k : -1;
    }

    /** The end of the line holding {@code at}; called with {@code at} only growing. */
    private int lineEnd(int at) {
        while (lineCursor < lineBreaks.size() && lineBreaks.get(lineCursor) < at) lineCursor++;
        return lineCursor < lineBreaks.size() ? lineBreaks.get(lineCursor) : to;
    }

    private int addCodeSpansBefore(int index, int next) {
        int i = next;
        for (; i < code.size() && code.start(i) < index; i++) spans.add(code.start(i), code.end(i));
        return i;
    }
}
