package dev.arbiter.judge.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the parts of a judge's text that quote someone else: fenced code blocks, markdown
 * block-quote lines and text between double quotes (ASCII or typographic) on one line. Judges
 * quote the response they grade; a verdict marker inside such a quote is the response talking,
 * not the judge, so parsers skip it.
 */
final class QuotedSpans {

    private final List<int[]> spans;

    private QuotedSpans(List<int[]> spans) {
        this.spans = spans;
    }

    static QuotedSpans of(String text) {
        List<int[]> spans = new ArrayList<>();
        int pos = 0;
        boolean inFence = false;
        int fenceStart = 0;
        for (String line : text.split("\n", -1)) {
            int lineStart = pos;
            int lineEnd = pos + line.length();
            String trimmed = line.stripLeading();
            if (trimmed.startsWith("```")) {
                if (inFence) {
                    spans.add(new int[] {fenceStart, lineEnd});
                    inFence = false;
                } else {
                    inFence = true;
                    fenceStart = lineStart;
                }
            } else if (!inFence && trimmed.startsWith(">")) {
                spans.add(new int[] {lineStart, lineEnd});
            } else if (!inFence) {
                addQuotedRuns(line, lineStart, spans);
            }
            pos = lineEnd + 1;
        }
        if (inFence) spans.add(new int[] {fenceStart, text.length()});
        return new QuotedSpans(spans);
    }

    private static void addQuotedRuns(String line, int offset, List<int[]> spans) {
        int open = -1;
        char closer = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (open < 0) {
                if (c == '"') { open = i; closer = '"'; }
                else if (c == '\u201C') { open = i; closer = '\u201D'; }
            } else if (c == closer) {
                spans.add(new int[] {offset + open, offset + i + 1});
                open = -1;
            }
        }
    }

    boolean contains(int index) {
        for (int[] s : spans) {
            if (index >= s[0] && index < s[1]) return true;
        }
        return false;
    }
}
