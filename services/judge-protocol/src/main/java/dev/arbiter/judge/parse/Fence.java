package dev.arbiter.judge.parse;

/**
 * The opening line of a fenced code block, as CommonMark defines it: three or more backticks or
 * tildes at the start of a line (after any indentation). Only a line of at least as many of the
 * same character, with nothing after them, closes it, so a {@code ```} line inside a
 * {@code ~~~} fence, or a {@code ```python} line inside a {@code ```} fence, is content: the
 * quoted code cannot end the block early and leave its own lines outside it.
 *
 * @param marker {@code `} or {@code ~}
 * @param length how many markers opened the block
 */
record Fence(char marker, int length) {

    private static final int MIN_LENGTH = 3;

    /**
     * The fence that the line {@code [first, end)} opens ({@code first} is its first non-blank
     * character), or null. A backtick line whose info string holds another backtick is inline
     * code ({@code ```x```}), not a fence, as in CommonMark.
     */
    static Fence openedBy(CharSequence text, int first, int end) {
        if (first >= end) return null;
        char c = text.charAt(first);
        if (c != '`' && c != '~') return null;
        int run = runLength(text, first, end, c);
        if (run < MIN_LENGTH) return null;
        if (c == '`' && holds(text, first + run, end, '`')) return null;
        return new Fence(c, run);
    }

    /** Whether the line {@code [first, end)} closes this fence. */
    boolean closedBy(CharSequence text, int first, int end) {
        int run = runLength(text, first, end, marker);
        return run >= length && blank(text, first + run, end);
    }

    private static int runLength(CharSequence text, int from, int end, char c) {
        int i = from;
        while (i < end && text.charAt(i) == c) i++;
        return i - from;
    }

    private static boolean holds(CharSequence text, int from, int end, char c) {
        for (int i = from; i < end; i++) {
            if (text.charAt(i) == c) return true;
        }
        return false;
    }

    private static boolean blank(CharSequence text, int from, int end) {
        for (int i = from; i < end; i++) {
            if (!Character.isWhitespace(text.charAt(i))) return false;
        }
        return true;
    }
}
