package dev.arbiter.devkit.demo;

import java.time.Duration;
import java.util.Locale;

/**
 * The text of the demo's progress line and closing summary. Pure functions of their arguments,
 * kept apart from the reporter's timing and I/O so the wording can be tested exactly.
 */
public final class ProgressFormat {

    private ProgressFormat() {}

    /**
     * One status line, e.g.
     * {@code [00:12] candidates 240/400 | rewards 180/400 (45%) 38.5/s | critiques 180 | dead letters 3 | judge in-flight 32},
     * then {@code | consistency 85% | parse failures 0.5%} once there are pairs measured in both
     * orders and verdicts to count.
     *
     * @param expected rewards expected in all; 0 when the run is unbounded
     */
    public static String line(ProgressSnapshot s, Duration elapsed, double rewardsPerSecond, long expected) {
        StringBuilder out = new StringBuilder();
        out.append('[').append(clock(elapsed)).append("] ");
        out.append("candidates ").append(s.candidates());
        if (expected > 0) out.append('/').append(expected);
        out.append(" | rewards ").append(s.rewards());
        if (expected > 0) {
            out.append('/').append(expected).append(" (").append(Math.min(100, s.rewards() * 100 / expected)).append("%)");
        }
        out.append(' ').append(rate(rewardsPerSecond)).append("/s");
        out.append(" | critiques ").append(s.critiques());
        out.append(" | dead letters ").append(s.deadLetters());
        out.append(" | judge in-flight ").append(s.judgeInFlight());
        ProgressSnapshot.Health h = s.health();
        if (h.measured() > 0) out.append(" | consistency ").append(h.consistent() * 100 / h.measured()).append('%');
        if (h.verdicts() > 0) {
            out.append(" | parse failures ").append(String.format(Locale.ROOT, "%.1f%%", 100.0 * h.parseFailed() / h.verdicts()));
        }
        return out.toString();
    }

    /**
     * Text that replaces the previous terminal line: a carriage return, the new line, and enough
     * spaces to blank out what is left of a longer previous line.
     */
    public static String overwrite(String line, int previousLength) {
        return "\r" + line + " ".repeat(Math.max(0, previousLength - line.length()));
    }

    /** The closing block printed when the demo ends. */
    public static String summary(ProgressSnapshot last, Duration elapsed, double peakRewardsPerSecond, long expected) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        String rewards = last.rewards() + (expected > 0 ? " of " + expected : "");
        return String.join("\n",
                "Arbiter demo summary",
                "  elapsed          " + String.format(Locale.ROOT, "%.1f s", seconds),
                "  candidates sent  " + last.candidates(),
                "  rewards          " + rewards + "  (" + rate(last.rewards() / seconds) + "/s average, "
                        + rate(peakRewardsPerSecond) + "/s peak)",
                "  critiques        " + last.critiques(),
                "  dead letters     " + last.deadLetters());
    }

    /** Minutes and seconds, {@code mm:ss}; hours are folded into the minutes. */
    static String clock(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        return String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }
}
