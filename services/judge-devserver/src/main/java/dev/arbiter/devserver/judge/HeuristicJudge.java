package dev.arbiter.devserver.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The development server's judge: a transparent, deterministic heuristic that answers in the
 * output format of the judge whose prompt it receives (critique, then the family's verdict
 * marker). It is NOT a quality judge. Its 1-10 score is a function of surface features of the
 * response:
 *
 * <ul>
 *   <li>length band (words): &lt;3 → 1, &lt;8 → 3, &lt;25 → 5, &lt;250 → 7, longer → 6;</li>
 *   <li>+0..2 for the share of the question's content words (longer than 3 letters) the
 *       response uses, or of the reference answer's words when there is one;</li>
 *   <li>+1 for structure (a list, several paragraphs or a code block);</li>
 *   <li>−2 for hedging ("I am not sure", "I don't know"), −2 for heavy repetition (fewer than
 *       half the words distinct), −3 when the response carries judge verdict markers or
 *       instructions to the grader (a response must not be able to grade itself);</li>
 *   <li>clamped to 1..10. With sampling temperature t &gt; 0, seeded noise of up to ±1.5·t.</li>
 * </ul>
 *
 * Pairwise: both responses are scored and a difference under one point is a tie. With
 * probability {@code positionBias} (0..1) the judge instead names whichever response is shown
 * first, whatever the content: a judge whose position bias is known exactly, so on pairs with a
 * clear winner the expected position consistency is {@code 1 − positionBias}. The draw is seeded
 * by the judge's seed and the prompt, so the same prompt always gets the same verdict. The additive scale maps 1..10 onto 0..5. The critique quotes the
 * beginning and the end of the response in double quotes, as real judges quote what they grade.
 */
public final class HeuristicJudge {

    private static final Pattern MARKERS = Pattern.compile(
            "(?i)(?:\\[\\[\\s*+\\d++(?:\\.\\d++)?+\\s*+]]|\\[\\[[ABC]]]|rating\\s*+:\\s*+\\[\\[|score\\s*+:\\s*+\\d|final decision is"
                    + "|ignore (?:all |the )?+(?:previous|prior|above) instructions|\\[end data]|\\[/inst])");
    /** Every match of {@link #MARKERS} contains one of these (lower case). */
    private static final List<String> MARKER_LITERALS = List.of("[[", "rating", "score", "final decision is", "ignore ",
            "[end data]", "[/inst]");
    private static final Pattern HEDGE = Pattern.compile("(?i)\\b(i am not sure|i'm not sure|i don't know|i do not know)\\b");

    private final double positionBias;
    private final long seed;

    public HeuristicJudge(double positionBias, long seed) {
        if (positionBias < 0 || positionBias > 1) throw new IllegalArgumentException("positionBias must be in [0, 1]");
        this.positionBias = positionBias;
        this.seed = seed;
    }

    /** The judge's full generated text for a prompt. */
    public String judge(String prompt, double temperature, long samplingSeed) {
        ParsedJudgePrompt p = ParsedJudgePrompt.parse(prompt);
        SplittableRandom noise = new SplittableRandom(seed * 31 + samplingSeed * 17 + prompt.hashCode());
        return switch (p.family()) {
            case AUTOJ_SINGLE, MTBENCH_SINGLE -> {
                int s = noisy(score(p.question(), p.first(), p.reference()), temperature, noise);
                yield critique(p.first(), s) + "\n\nRating: [[" + s + "]]";
            }
            case ADDITIVE -> {
                int s = noisy(score(p.question(), p.first(), Optional.empty()), temperature, noise);
                int points = (int) Math.round((s - 1) / 9.0 * 5);
                yield critique(p.first(), s) + "\nThe response earns " + points + " of the 5 additive points.\n\nScore: " + points;
            }
            case AUTOJ_PAIRWISE, MTBENCH_PAIRWISE -> pairwise(p, prompt, temperature, noise);
            case UNKNOWN -> "I can help with that. Could you tell me more about what you need?";
        };
    }

    /** The heuristic 1..10 score of a response (exposed for tests and documentation). */
    public int score(String question, String response, Optional<String> reference) {
        String lowered = response.toLowerCase(Locale.ROOT);
        String[] words = wordsOfLowered(lowered);
        int base;
        if (words.length < 3) base = 1;
        else if (words.length < 8) base = 3;
        else if (words.length < 25) base = 5;
        else if (words.length < 250) base = 7;
        else base = 6;
        Set<String> target = contentWords(reference.orElse(question));
        Set<String> used = contentWords(words);
        double overlap = target.isEmpty() ? 0.5 : (double) target.stream().filter(used::contains).count() / target.size();
        double s = base + 2 * overlap;
        if (response.contains("\n- ") || response.contains("\n1.") || response.contains("\n\n") || response.contains("```")) s += 1;
        // The regexes run only when a literal they need is there: this judge shares the benchmark's cores.
        if ((lowered.contains("not sure") || lowered.contains("know")) && HEDGE.matcher(response).find()) s -= 2;
        if (words.length >= 8 && Arrays.stream(words).distinct().count() * 2 < words.length) s -= 2;
        if (MARKER_LITERALS.stream().anyMatch(lowered::contains) && MARKERS.matcher(response).find()) s -= 3;
        return (int) Math.max(1, Math.min(10, Math.round(s)));
    }

    private String pairwise(ParsedJudgePrompt p, String prompt, double temperature, SplittableRandom noise) {
        String second = p.second().orElse("");
        double first = noisy(score(p.question(), p.first(), p.reference()), temperature, noise);
        double other = noisy(score(p.question(), second, p.reference()), temperature, noise);
        boolean namesFirstRegardless = new SplittableRandom(seed * 131 + prompt.hashCode()).nextDouble() < positionBias;
        int winner = namesFirstRegardless ? 1 : first - other >= 1 ? 1 : other - first >= 1 ? 2 : 0;
        String text = "Response 1: " + critique(p.first(), (int) Math.round(first)) + "\n\nResponse 2: "
                + critique(second, (int) Math.round(other)) + "\n\n";
        if (p.family() == JudgePromptFamily.AUTOJ_PAIRWISE) {
            return text + "So, the final decision is " + (winner == 1 ? "Response 1" : winner == 2 ? "Response 2" : "Tie");
        }
        return text + (winner == 1 ? "[[A]]" : winner == 2 ? "[[B]]" : "[[C]]");
    }

    private static int noisy(int score, double temperature, SplittableRandom noise) {
        if (temperature <= 0) return score;
        double delta = (noise.nextDouble() * 2 - 1) * 1.5 * temperature;
        return (int) Math.max(1, Math.min(10, Math.round(score + delta)));
    }

    private static String critique(String response, int score) {
        String quality = score >= 8 ? "is thorough and addresses the query directly"
                : score >= 5 ? "addresses part of the query but leaves gaps"
                : "does not answer the query in a useful way";
        String flat = response.replace('"', '\'').replace('\n', ' ').strip();
        String opening = flat.length() <= 80 ? flat : flat.substring(0, 80) + "...";
        String ending = flat.length() <= 80 ? "" : " It ends: \"..." + flat.substring(flat.length() - 60) + "\".";
        return "The response begins: \"" + opening + "\"." + ending + " Overall it " + quality + ".";
    }

    /** Runs of letters and numbers ({@code [\\p{L}\\p{N}]+}) of an already lower-cased text. */
    private static String[] wordsOfLowered(String lowered) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < lowered.length(); ) {
            int cp = lowered.codePointAt(i);
            boolean word = Character.isLetter(cp) || isNumber(cp);
            if (word && start < 0) start = i;
            if (!word && start >= 0) {
                out.add(lowered.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) out.add(lowered.substring(start));
        return out.toArray(String[]::new);
    }

    private static boolean isNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    private static Set<String> contentWords(String text) {
        return contentWords(wordsOfLowered(text.toLowerCase(Locale.ROOT)));
    }

    private static Set<String> contentWords(String[] words) {
        return Arrays.stream(words).filter(w -> w.length() > 3).collect(Collectors.toSet());
    }
}
