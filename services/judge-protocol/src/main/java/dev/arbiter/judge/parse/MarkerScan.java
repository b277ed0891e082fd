package dev.arbiter.judge.parse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the last match of a marker pattern that is not inside quoted material. */
final class MarkerScan {

    private MarkerScan() {}

    static Optional<MatchResultView> lastUnquoted(Pattern pattern, String text) {
        QuotedSpans quoted = QuotedSpans.of(text);
        Matcher m = pattern.matcher(text);
        MatchResultView last = null;
        while (m.find()) {
            if (!quoted.contains(m.start())) last = new MatchResultView(m.toMatchResult());
        }
        return Optional.ofNullable(last);
    }

    /** Whether any match exists, quoted or not (to tell "quoted only" from "absent"). */
    static boolean anyMatch(Pattern pattern, String text) {
        return pattern.matcher(text).find();
    }

    record MatchResultView(java.util.regex.MatchResult result) {
        String group(int i) {
            return result.group(i);
        }
    }
}
