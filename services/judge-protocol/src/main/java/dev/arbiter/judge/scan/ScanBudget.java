package dev.arbiter.judge.scan;

/**
 * How many characters one scan of one text may read: {@code readsPerChar × length + baseReads}.
 * Every scanner of text a policy or a judge wrote (the verdict parsers, quoted-span detection,
 * the reward-hacking detector) reads it through {@link #guard}, so a scan that turns out
 * super-linear on some input stops with a {@link ScanBudgetExceededException} instead of pinning
 * a stream thread. The budget counts reads, not time, on purpose: the same input exceeds it on
 * every machine and on every replay, so a candidate re-submitted from the pending store after a
 * restart meets the same outcome rather than a different one under a different load. The linear
 * scanners read at most about 64 characters per character of input (the reward-hacking detector,
 * whose patterns are tried only where their literals occur, reads far less on most text; the
 * parsers stay under 16, see {@code AdversarialTextTest}), so the
 * default leaves them about sixfold headroom and stops a cubic scan of 20 KB within milliseconds.
 *
 * @param readsPerChar reads allowed per character of the scanned text
 * @param baseReads    reads allowed on top, so short texts are never starved
 */
public record ScanBudget(int readsPerChar, long baseReads) {

    /** The budget every scanner uses unless it is given another. */
    public static final ScanBudget DEFAULT = new ScanBudget(400, 1_000_000);

    public ScanBudget {
        if (readsPerChar < 1) throw new IllegalArgumentException("readsPerChar must be positive");
        if (baseReads < 0) throw new IllegalArgumentException("baseReads must not be negative");
    }

    /** A view of {@code text} that counts the characters read from it against this budget. */
    public GuardedText guard(String text, String scanner) {
        return new GuardedText(text, baseReads + (long) readsPerChar * text.length(), scanner);
    }
}
