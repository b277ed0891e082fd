package dev.arbiter.judge.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fits the variable parts of a judge prompt into the judge's context window. The rule
 * (documented in docs/judging.md): the window minus the generation budget minus the template's
 * fixed text is what the fields may use; the question is kept whole unless it alone needs more
 * than half of that; the remaining room is shared equally by the other fields (response,
 * reference, second response), a field that needs less than its share passing the rest on;
 * a field that must be cut keeps its beginning (60 %) and end (40 %) around an explicit
 * omission marker, so the judge still sees how an answer starts and how it concludes.
 */
public final class ContextBudget {

    /** Inserted where text was cut; says so to the judge in plain words. */
    public static final String OMISSION = "\n[... %d characters omitted to fit the judge's context window ...]\n";

    private final TokenCounter counter;
    private final int contextWindowTokens;
    private final int generationTokens;

    public ContextBudget(TokenCounter counter, int contextWindowTokens, int generationTokens) {
        this.counter = Objects.requireNonNull(counter);
        if (contextWindowTokens <= generationTokens) {
            throw new IllegalArgumentException("context window " + contextWindowTokens
                    + " leaves no room after " + generationTokens + " generation tokens");
        }
        this.contextWindowTokens = contextWindowTokens;
        this.generationTokens = generationTokens;
    }

    public TokenCounter counter() {
        return counter;
    }

    /** The fitted question and other fields, and whether anything was cut. */
    public record Fitted(String question, List<String> others, boolean truncated) {}

    /**
     * @param fixedText the template text without any field values (wrapper included)
     * @param question  the query text
     * @param others    the remaining fields in template order
     */
    public Fitted fit(String fixedText, String question, List<String> others) {
        int room = contextWindowTokens - generationTokens - counter.count(fixedText);
        if (room < 64) throw new IllegalStateException("judge template leaves only " + room + " tokens for content");
        int total = counter.count(question);
        for (String o : others) total += counter.count(o);
        if (total <= room) return new Fitted(question, List.copyOf(others), false);

        String q = question;
        int qTokens = counter.count(q);
        if (qTokens > room / 2) {
            q = cut(q, room / 2);
            qTokens = counter.count(q);
        }
        int remaining = room - qTokens;
        List<String> fitted = new ArrayList<>(others);
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) open.add(i);
        // Water-filling: fields under their equal share keep everything and free room for the rest.
        boolean changed = true;
        while (changed && !open.isEmpty()) {
            changed = false;
            int share = remaining / open.size();
            for (var it = open.iterator(); it.hasNext(); ) {
                int i = it.next();
                int need = counter.count(others.get(i));
                if (need <= share) {
                    remaining -= need;
                    it.remove();
                    changed = true;
                }
            }
        }
        if (!open.isEmpty()) {
            int share = remaining / open.size();
            for (int i : open) fitted.set(i, cut(others.get(i), share));
        }
        return new Fitted(q, List.copyOf(fitted), true);
    }

    /** Keeps head and tail of {@code text} so that the result counts at most {@code maxTokens}. */
    String cut(String text, int maxTokens) {
        int tokens = counter.count(text);
        if (tokens <= maxTokens) return text;
        double keepRatio = (double) maxTokens / tokens;
        int keep = (int) (text.length() * keepRatio);
        while (true) {
            keep = Math.max(0, keep);
            int head = (int) Math.round(keep * 0.6);
            int tail = keep - head;
            head = safeBoundary(text, head);
            int tailStart = safeBoundary(text, text.length() - tail);
            String result = text.substring(0, head)
                    + String.format(OMISSION, tailStart - head)
                    + text.substring(tailStart);
            if (counter.count(result) <= maxTokens || keep == 0) return result;
            keep = (int) (keep * 0.9) - 1;
        }
    }

    private static int safeBoundary(String text, int index) {
        if (index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index))) return index - 1;
        return index;
    }
}
