package dev.arbiter.app.eval;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The evaluation's progress line: pairs done of the total, the rate since the start and the time
 * left at that rate, e.g. {@code [#########...........] 180/400 pairs  45.0/s  ETA 5 s}. Rewritten
 * in place on a terminal, printed as a new line at most every few seconds otherwise (CI logs).
 * Time comes from the clock passed in.
 */
public final class EvalProgress {

    private static final int WIDTH = 20;
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final PrintStream out;
    private final boolean terminal;
    private final Clock clock;
    private final String label;
    private final int total;
    private final Instant started;
    private final AtomicInteger done = new AtomicInteger();
    private Instant lastPrinted = Instant.MIN;

    public EvalProgress(PrintStream out, boolean terminal, Clock clock, String label, int total, int alreadyDone) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.label = label;
        this.total = total;
        this.started = clock.instant();
        this.done.set(alreadyDone);
    }

    /** One more pair finished. */
    public void pairDone() {
        done.incrementAndGet();
        print(false);
    }

    /** The final line. */
    public void finish() {
        print(true);
        if (terminal) out.println();
    }

    synchronized void print(boolean force) {
        Instant now = clock.instant();
        if (!force && !terminal && Duration.between(lastPrinted, now).compareTo(LOG_EVERY) < 0) return;
        lastPrinted = now;
        out.print((terminal ? "\r" : "") + line(now) + (terminal ? "" : "\n"));
        out.flush();
    }

    /** The progress line at {@code now}. */
    String line(Instant now) {
        int n = done.get();
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * n / total);
        double seconds = Math.max(1e-3, Duration.between(started, now).toMillis() / 1000.0);
        double rate = n / seconds;
        String eta = n >= total ? "done" : rate <= 0 ? "ETA -" : String.format(Locale.ROOT, "ETA %.0f s", (total - n) / rate);
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d pairs  %.1f/s  %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                n, total, rate, eta);
    }
}
