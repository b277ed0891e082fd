package dev.arbiter.judge.scan;

/**
 * A {@link CharSequence} over a string that counts every character read and throws
 * {@link ScanBudgetExceededException} once the count passes its budget. {@code java.util.regex}
 * reads its input only through {@code charAt}, so a pattern matched against a guarded text is
 * stopped mid-backtrack, which no timeout on a thread could do. One guarded text may be shared
 * by several scans of the same input: the budget then covers them together.
 *
 * <p>Not thread-safe: one scan, one thread.
 */
public final class GuardedText implements CharSequence {

    private final String text;
    private final long budget;
    private final String scanner;
    private long reads;

    GuardedText(String text, long budget, String scanner) {
        this.text = text;
        this.budget = budget;
        this.scanner = scanner;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        if (++reads > budget) throw new ScanBudgetExceededException(scanner, text.length(), budget);
        return text.charAt(index);
    }

    /** Copies of a range count as reading it; regex groups are taken this way. */
    @Override
    public CharSequence subSequence(int start, int end) {
        charge(end - start);
        return text.substring(start, end);
    }

    /** The whole text, uncounted: for handing on the input, never for scanning it. */
    @Override
    public String toString() {
        return text;
    }

    /** Characters read so far (for tests that measure a scanner's cost). */
    public long reads() {
        return reads;
    }

    private void charge(int n) {
        reads += n;
        if (reads > budget) throw new ScanBudgetExceededException(scanner, text.length(), budget);
    }
}
