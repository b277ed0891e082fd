package dev.arbiter.devkit.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the policy model being trained: for a prompt it writes N candidate answers of
 * deliberately different quality (see {@link ResponseStyle}). Every group contains exactly one
 * GOOD answer at a random position and otherwise distinct weaker styles, so a working judge
 * should put the GOOD one first — the demo's visible check that rewards mean something.
 * Output depends only on the seed, the prompt and the group number, so a run can be repeated.
 */
public final class SyntheticPolicy {

    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z'-]{4,}");
    private static final Set<String> COMMON = Set.of(
            "about", "after", "again", "answer", "because", "before", "being", "below", "between", "could",
            "every", "explain", "following", "from", "give", "short", "should", "their", "there", "these",
            "thing", "think", "those", "three", "under", "until", "using", "which", "while", "whole", "would",
            "write", "words", "without", "sentence", "sentences", "paragraph", "rewrite", "summarize",
            "summary", "simple", "please", "other", "where", "still", "really", "first",
            // instruction verbs say what to do, not what the answer is about
            "recommend", "suggest", "describe", "translate", "classify", "extract", "polish", "correct",
            "simplify", "paraphrase", "solve", "check", "brainstorm", "create", "return", "change", "include");
    private static final List<String> OFF_TOPIC = List.of(
            "The history of the bicycle is a fascinating one. Early models in the 1860s had iron-rimmed wheels "
                    + "and were nicknamed boneshakers, and it took the invention of the pneumatic tyre for cycling to "
                    + "become comfortable enough for everyday travel.",
            "Sourdough bread relies on a culture of wild yeast and lactic acid bacteria. Feeding the starter "
                    + "regularly with flour and water keeps it active, and a longer, cooler fermentation gives the "
                    + "loaf a more pronounced tang.",
            "Penguins are found almost exclusively in the Southern Hemisphere. Emperor penguins breed during the "
                    + "Antarctic winter, and the males incubate the egg on their feet for about two months.",
            "When choosing a houseplant for a dim room, consider a snake plant or a ZZ plant. Both tolerate low "
                    + "light and irregular watering, which makes them popular with busy people.");
    private static final List<String> NON_ANSWERS = List.of(
            "Hmm, not sure.", "I can't say.", "Maybe. It depends.", "Good question!", "Let me get back to you on that.");
    private static final String PADDING =
            "It is worth remembering that every situation is different and that context matters a great deal. "
                    + "There are many perspectives one could take here, and reasonable people may disagree. "
                    + "In general, it is always a good idea to consider the broader picture, to think carefully, "
                    + "and to revisit the question later with fresh eyes, since new information may come to light. ";

    private final long seed;

    public SyntheticPolicy(long seed) {
        this.seed = seed;
    }

    /**
     * Writes {@code n} answers to {@code prompt}.
     *
     * @param group which group this is (0, 1, 2 …); the same prompt in another group gets a
     *              different arrangement
     */
    public List<SyntheticResponse> respond(DemoPrompt prompt, int n, long group) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1");
        Random random = new Random(seed * 1_000_003L ^ prompt.promptId().hashCode() * 31L ^ group * 7_919L);
        List<ResponseStyle> styles = stylesFor(n, random);
        List<String> topics = topics(prompt.question());
        List<SyntheticResponse> responses = new ArrayList<>(n);
        for (ResponseStyle style : styles) {
            responses.add(new SyntheticResponse(style, write(style, prompt, topics, random)));
        }
        return responses;
    }

    /** One GOOD, then distinct weaker styles (cycling if n exceeds them), shuffled. */
    static List<ResponseStyle> stylesFor(int n, Random random) {
        List<ResponseStyle> weaker = new ArrayList<>(List.of(ResponseStyle.values()));
        weaker.remove(ResponseStyle.GOOD);
        Collections.shuffle(weaker, random);
        List<ResponseStyle> styles = new ArrayList<>(n);
        styles.add(ResponseStyle.GOOD);
        for (int i = 0; styles.size() < n; i++) {
            styles.add(weaker.get(i % weaker.size()));
        }
        Collections.shuffle(styles, random);
        return styles;
    }

    /** Distinctive words of the question, in order of appearance, to keep answers on topic. */
    static List<String> topics(String question) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = WORD.matcher(question);
        while (m.find() && found.size() < 4) {
            String word = m.group().toLowerCase(Locale.ROOT);
            if (!COMMON.contains(word)) found.add(word);
        }
        List<String> topics = new ArrayList<>(found);
        while (topics.size() < 3) topics.add(topics.isEmpty() ? "the question" : topics.get(0));
        return topics;
    }

    private static String write(ResponseStyle style, DemoPrompt prompt, List<String> topics, Random random) {
        return switch (style) {
            case GOOD -> good(prompt, topics, random);
            case TERSE -> capitalise(topics.get(0)) + ", mostly.";
            case OFF_TOPIC -> OFF_TOPIC.get(random.nextInt(OFF_TOPIC.size()));
            case REPETITIVE -> {
                String sentence = "This is about " + topics.get(0) + " and " + topics.get(1) + ". ";
                yield sentence.repeat(8 + random.nextInt(8)).strip();
            }
            case NEAR_EMPTY -> NON_ANSWERS.get(random.nextInt(NON_ANSWERS.size()));
            case OVERLONG -> {
                String good = good(prompt, topics, random);
                yield PADDING.repeat(2) + good + "\n\n" + PADDING.repeat(3 + random.nextInt(3)).strip();
            }
        };
    }

    private static String good(DemoPrompt prompt, List<String> topics, Random random) {
        String opening = List.of("Here is my answer.", "Sure, let's work through it.", "Good question; here is how I see it.")
                .get(random.nextInt(3));
        if (prompt.referenceAnswer().isPresent()) {
            return opening + "\n\n" + prompt.referenceAnswer().get()
                    + "\n\nI kept this focused on " + topics.get(0) + " so it is easy to check.";
        }
        String a = topics.get(0);
        String b = topics.get(1);
        String c = topics.get(2);
        return opening + "\n\n"
                + "The request centres on " + a + ", so that comes first: a direct answer about " + a + ", stated plainly. "
                + "Next, " + b + ": how it shapes the answer and what to watch out for. "
                + "Finally, " + c + ", with a concrete example so the advice can be checked.\n\n"
                + "In short: address " + a + " first, account for " + b + ", and check " + c + " before finishing.";
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
