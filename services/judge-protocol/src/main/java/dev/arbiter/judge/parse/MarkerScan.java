package dev.arbiter.judge.parse;

import dev.arbiter.judge.scan.GuardedText;
import dev.arbiter.judge.scan.ScanBudget;
import dev.arbiter.judge.scan.ScanBudgetExceededException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the last match of a verdict-marker pattern that is not inside quoted material, in one
 * pass of the pattern and one of {@link QuotedSpans}, both reading through a {@link ScanBudget}.
 * The outcome says which of three things happened, so each parser words its failure reason the
 * same way: a marker was found; markers exist but only inside quotes (the candidate's text held
 * them, not the judge's); none at all; or the scan stopped at its budget.
 */
final class MarkerScan {

    private final Pattern pattern;
    private final ScanBudget budget;
    private final String scanner;

    MarkerScan(Pattern pattern, ScanBudget budget, String scanner) {
        this.pattern = pattern;
        this.budget = budget;
        this.scanner = scanner;
    }

    Outcome scan(String text) {
        GuardedText guarded = budget.guard(text, scanner);
        try {
            QuotedSpans quoted = QuotedSpans.of(guarded);
            Matcher m = pattern.matcher(guarded);
            String[] last = null;
            boolean any = false;
            while (m.find()) {
                any = true;
                if (!quoted.contains(m.start())) last = groups(m);
            }
            return new Outcome(Optional.ofNullable(last).map(Marker::new), any, Optional.empty());
        } catch (ScanBudgetExceededException e) {
            return new Outcome(Optional.empty(), false, Optional.of(e.getMessage()));
        }
    }

    // Copied at once rather than through Matcher.toMatchResult(), which copies the whole input
    // per match on JDK 17 (quadratic for a text full of markers).
    private static String[] groups(Matcher m) {
        String[] g = new String[m.groupCount() + 1];
        for (int i = 0; i <= m.groupCount(); i++) g[i] = m.group(i);
        return g;
    }

    /** The groups of one marker match. */
    record Marker(String[] groups) {
        String group(int i) {
            return groups[i];
        }
    }

    /**
     * @param last           the last unquoted marker, if any
     * @param anyMatch       whether any marker, quoted or not, was seen
     * @param budgetExceeded why the scan stopped early, if it did
     */
    record Outcome(Optional<Marker> last, boolean anyMatch, Optional<String> budgetExceeded) {

        /** The failure reason when there is no usable marker, worded from the marker's description. */
        String whyNone(String quotedDescription, String absentDescription) {
            if (budgetExceeded.isPresent()) return "processing budget exceeded: " + budgetExceeded.get();
            return anyMatch ? quotedDescription + " appears only inside quoted text" : "no " + absentDescription;
        }
    }
}
