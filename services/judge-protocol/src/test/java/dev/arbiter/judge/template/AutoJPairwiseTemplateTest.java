package dev.arbiter.judge.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.budget.ContextBudget;
import dev.arbiter.judge.budget.EstimatingTokenCounter;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
import dev.arbiter.judge.pairwise.PairwiseRequest;
import dev.arbiter.judge.pairwise.Preference;
import dev.arbiter.judge.parse.PairwiseVerdictParser;
import dev.arbiter.judge.profile.JudgeProfiles;
import org.junit.jupiter.api.Test;

class AutoJPairwiseTemplateTest {

    private final PairwiseProtocol pairwise = JudgeProfiles.standard().load("auto-j-13b").pairwise().orElseThrow();

    // Auto-J's "pairwise_tie" prompt (GAIR-NLP/auto-j codes/usage/constants_prompt.py), wrapped by llama2_wrapper.
    private static String expected(String query, String first, String second) {
        return "[INST] You are assessing two submitted responses on a given user's query and judging which response "
                + "is better or they are tied. Here is the data:\n\n[BEGIN DATA]\n***\n[Query]: " + query + "\n***\n"
                + "[Response 1]: " + first + "\n***\n[Response 2]: " + second + "\n***\n[END DATA]\n\n"
                + "Here are the instructions to assess and compare the two responses:\n\n"
                + "1. Pinpoint the key factors to distinguish these two responses.\n"
                + "2. Conclude your comparison by providing a final decision on which response is better, or they are "
                + "tied. Begin your final decision statement with \"So, the final decision is Response 1 / Response 2 / "
                + "Tie\". Ensure that your decision aligns coherently with the comprehensive evaluation and comparison "
                + "you've provided. [/INST]";
    }

    @Test
    void rendersAutoJsPairwiseTiePromptByteForByteWithAFirst() {
        RenderedPrompt p = pairwise.render(PairwiseRequest.of("What is 2+2?", "4", "5"), false);
        assertThat(p.text()).isEqualTo(expected("What is 2+2?", "4", "5"));
        assertThat(p.truncated()).isFalse();
        assertThat(p.templateId()).isEqualTo("autoj-pairwise");
        assertThat(p.templateVersion()).isEqualTo("1");
        assertThat(p.promptTokens()).isPositive();
    }

    @Test
    void swappedOrderPutsBInResponse1ByteForByte() {
        RenderedPrompt p = pairwise.render(PairwiseRequest.of("What is 2+2?", "4", "5"), true);
        assertThat(p.text()).isEqualTo(expected("What is 2+2?", "5", "4"));
    }

    @Test
    void responsesContainingPlaceholderTextAreInsertedVerbatim() {
        RenderedPrompt p = pairwise.render(PairwiseRequest.of("q {response_2}", "a {response_2}", "b {query}"), false);
        assertThat(p.text()).contains("[Query]: q {response_2}\n")
                .contains("[Response 1]: a {response_2}\n")
                .contains("[Response 2]: b {query}\n");
    }

    @Test
    void oversizedPairIsCutIdenticallyInBothOrdersAndTheQuestionIsKept() {
        PairwiseProtocol small = new TemplatedPairwiseProtocol(TemplateLibrary.bundled().load("autoj-pairwise", "1"),
                ChatFormat.LLAMA2, PairwiseVerdictParser.named("autoj-pairwise"),
                new ContextBudget(new EstimatingTokenCounter(), 1024, 256));
        String longA = "alpha ".repeat(800);
        String longB = "beta ".repeat(900);
        PairwiseRequest request = PairwiseRequest.of("Compare these.", longA, longB);
        RenderedPrompt forward = small.render(request, false);
        RenderedPrompt swapped = small.render(request, true);
        assertThat(forward.truncated()).isTrue();
        assertThat(swapped.truncated()).isTrue();
        assertThat(forward.promptTokens()).isLessThanOrEqualTo(1024 - 256);
        assertThat(forward.text()).contains("[Query]: Compare these.\n");
        String fwdA = between(forward.text(), "[Response 1]: ", "\n***\n[Response 2]");
        String fwdB = between(forward.text(), "[Response 2]: ", "\n***\n[END DATA]");
        String swpB = between(swapped.text(), "[Response 1]: ", "\n***\n[Response 2]");
        String swpA = between(swapped.text(), "[Response 2]: ", "\n***\n[END DATA]");
        assertThat(fwdA).isEqualTo(swpA).contains("characters omitted").startsWith("alpha alpha");
        assertThat(fwdB).isEqualTo(swpB).contains("characters omitted").startsWith("beta beta");
        assertThat(forward.text().length()).isEqualTo(swapped.text().length());
    }

    @Test
    void parsesTheDecisionThroughTheProtocol() {
        assertThat(pairwise.parse("Response 2 cites sources.\n\nSo, the final decision is Response 2.").preference())
                .contains(Preference.SECOND);
        assertThat(pairwise.needsReference()).isFalse();
    }

    private static String between(String text, String start, String end) {
        int s = text.indexOf(start) + start.length();
        return text.substring(s, text.indexOf(end, s));
    }
}
