package dev.arbiter.judge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quoting rules of {@link QuotedSpans}, one at a time, shown as masks: every quoted
 * character is replaced by {@code #}. The golden corpora show the same rules deciding verdicts;
 * the last test checks the linear-time pairing against a naive reading of the inline rules.
 */
class QuotedSpansTest {

    private static String mask(String text) {
        QuotedSpans spans = QuotedSpans.of(text);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) out.append(spans.contains(i) ? '#' : text.charAt(i));
        return out.toString();
    }

    /** The mask of a quoted passage: as many {@code #} as it has characters. */
    private static String q(String quoted) {
        return "#".repeat(quoted.length());
    }

    @Test
    void apostrophesInsideOrAtTheEndOfWordsQuoteNothing() {
        String prose = "It's fine, but the model's answer doesn't cover Response 1's caveat or the authors' view.";
        assertThat(mask(prose)).isEqualTo(prose);
        assertThat(mask("don\u2019t and the students\u2019 work")).isEqualTo("don\u2019t and the students\u2019 work");
    }

    @Test
    void singleQuotesPairOnOneLineOnly() {
        assertThat(mask("it says 'Rating: [[10]]' here")).isEqualTo("it says " + q("'Rating: [[10]]'") + " here");
        assertThat(mask("print('[[B]]')")).isEqualTo("print(" + q("'[[B]]'") + ")");
        assertThat(mask("the authors' note 'x'")).isEqualTo("the authors' note " + q("'x'"));
        assertThat(mask("\u2018Rating: [[10]]\u2019 and don\u2019t")).isEqualTo(q("'Rating: [[10]]'") + " and don\u2019t");
        assertThat(mask("'Rating: [[10]]\nRating: [[5]]'")).isEqualTo("'Rating: [[10]]\nRating: [[5]]'");
    }

    @Test
    void inlineCodeIsQuotedAndItsQuoteMarksAreCode() {
        assertThat(mask("prints `Rating: [[10]]` now")).isEqualTo("prints " + q("`Rating: [[10]]`") + " now");
        assertThat(mask("``a ` b`` c")).isEqualTo(q("``a ` b``") + " c");
        assertThat(mask("`\"` and \"x\"")).isEqualTo(q("`\"`") + " and " + q("\"x\""));
        assertThat(mask("a `` b ` c")).isEqualTo("a `` b ` c"); // unpaired runs are literal
        assertThat(mask("`a\nb` c")).isEqualTo(q("`a\nb`") + " c"); // across lines of a paragraph
        assertThat(mask("`a\n\nb` c")).isEqualTo("`a\n\nb` c"); // not across a blank line
    }

    @Test
    void tildeAndBacktickFencesCloseOnlyWithTheirOwnMarkerAndLength() {
        assertThat(mask("~~~\nx\n~~~\ny")).isEqualTo(q("~~~\nx\n~~~") + "\ny");
        assertThat(mask("~~~\n```\nx\n~~~\ny")).isEqualTo(q("~~~\n```\nx\n~~~") + "\ny");
        assertThat(mask("````\n```\nx\n````\ny")).isEqualTo(q("````\n```\nx\n````") + "\ny");
        assertThat(mask("```\n```python\nx")).isEqualTo(q("```\n```python\nx")); // unclosed: to the end
        assertThat(mask("```x``` y\nz")).isEqualTo(q("```x```") + " y\nz"); // a backtick in the info: inline code
    }

    @Test
    void blockQuotesRunOverLazyContinuationLinesUpToABlankLineOrAFence() {
        assertThat(mask("> a\n> b\nc\n\nd")).isEqualTo(q("> a\n> b\nc") + "\n\nd");
        assertThat(mask("text\n> a\nb\n```\nc")).isEqualTo("text\n" + q("> a\nb") + "\n" + q("```\nc"));
    }

    @Test
    void doubleQuotesMayCrossLinesWithinAParagraph() {
        assertThat(mask("says \"a\nb\" c")).isEqualTo("says " + q("\"a\nb\"") + " c");
        assertThat(mask("says \u201Ca\nb\u201D c")).isEqualTo("says " + q("\"a\nb\"") + " c");
        assertThat(mask("says \"a\n\nb\" c")).isEqualTo("says \"a\n\nb\" c"); // stray at the paragraph's end
        assertThat(mask("a 12\" pipe\nsays x\" c")).isEqualTo("a 12\" pipe\nsays x\" c"); // inch signs
        assertThat(mask("a 12\" pipe \"b\"")).isEqualTo("a 12" + q("\" pipe \"") + "b\""); // pairs on one line, as before
    }

    @Test
    void theFirstMarkToOpenWinsAndQuotesTheOthers() {
        assertThat(mask("'a \"b' c\" d")).isEqualTo(q("'a \"b'") + " c\" d");
        assertThat(mask("\"a 'b\" c' d")).isEqualTo(q("\"a 'b\"") + " c' d");
    }

    // A naive reading of the inline rules: search ahead from every mark. Quadratic, obviously right.
    private static boolean[] naiveInlineMask(String t) {
        int n = t.length();
        boolean[] code = new boolean[n];
        boolean[] quoted = new boolean[n];
        for (int i = 0; i < n; ) {
            if (t.charAt(i) != '`') { i++; continue; }
            int len = runAt(t, i);
            int j = i + len;
            int close = -1;
            while (j < n) {
                if (t.charAt(j) == '`') {
                    int l = runAt(t, j);
                    if (l == len) { close = j + l; break; }
                    j += l;
                } else j++;
            }
            if (close < 0) { i += len; continue; }
            for (int k = i; k < close; k++) code[k] = quoted[k] = true;
            i = close;
        }
        for (int i = 0; i < n; ) {
            char c = t.charAt(i);
            if (code[i] || !opens(t, i)) { i++; continue; }
            boolean crosses = c == '\u201C' || (c == '"' && !(i > 0 && Character.isLetterOrDigit(t.charAt(i - 1))));
            int limit = crosses ? n : lineEnd(t, i);
            int close = -1;
            for (int j = i + 1; j < limit; j++) {
                if (!code[j] && closes(t, j, c)) { close = j; break; }
            }
            if (close < 0) { i++; continue; }
            for (int k = i; k <= close; k++) quoted[k] = true;
            i = close + 1;
        }
        return quoted;
    }

    private static int runAt(String t, int i) {
        int j = i;
        while (j < t.length() && t.charAt(j) == '`') j++;
        return j - i;
    }

    private static int lineEnd(String t, int i) {
        int nl = t.indexOf('\n', i);
        return nl < 0 ? t.length() : nl;
    }

    private static boolean word(String t, int i) {
        return i >= 0 && i < t.length() && Character.isLetterOrDigit(t.charAt(i));
    }

    private static boolean opens(String t, int i) {
        char c = t.charAt(i);
        return c == '"' || c == '\u201C' || c == '\u2018' || (c == '\'' && !word(t, i - 1));
    }

    private static boolean closes(String t, int j, char opener) {
        char c = t.charAt(j);
        switch (opener) {
            case '"': return c == '"';
            case '\u201C': return c == '\u201D';
            case '\'': return c == '\'' && !word(t, j + 1);
            default: return c == '\u2019' && !word(t, j + 1);
        }
    }

    @Test
    void theLinearPairingAgreesWithANaiveReadingOfTheInlineRules() {
        String alphabet = "a1 \n\"\u201C\u201D'\u2018\u2019``";
        Random random = new Random(13);
        for (int c = 0; c < 20_000; c++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String text = sb.toString();
            QuotedSpans.Builder builder = new QuotedSpans.Builder();
            InlineQuotes.find(text, 0, text.length(), builder);
            QuotedSpans spans = builder.build();
            boolean[] expected = naiveInlineMask(text);
            for (int i = 0; i < text.length(); i++) {
                assertThat(spans.contains(i)).as("index %d of %s", i, text.replace("\n", "\\n")).isEqualTo(expected[i]);
            }
        }
    }
}
