package dev.arbiter.judge.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.judge.budget.ContextBudget;
import dev.arbiter.judge.budget.EstimatingTokenCounter;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
import dev.arbiter.judge.pairwise.PairwiseRequest;
import dev.arbiter.judge.pairwise.Preference;
import dev.arbiter.judge.parse.PairwiseVerdictParser;
import dev.arbiter.judge.profile.JudgeProfiles;
import org.junit.jupiter.api.Test;

class MtBenchPairTemplateTest {

    // FastChat pair-v2 / pair-math-v1 system prompts (lm-sys/FastChat fastchat/llm_judge/data/judge_prompts.jsonl).
    private static final String PAIR_V2_SYSTEM = "Please act as an impartial judge and evaluate the quality of the "
            + "responses provided by two AI assistants to the user question displayed below. You should choose the "
            + "assistant that follows the user's instructions and answers the user's question better. Your evaluation "
            + "should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of "
            + "detail of their responses. Begin your evaluation by comparing the two responses and provide a short "
            + "explanation. Avoid any positional biases and ensure that the order in which the responses were presented "
            + "does not influence your decision. Do not allow the length of the responses to influence your evaluation. "
            + "Do not favor certain names of the assistants. Be as objective as possible. After providing your "
            + "explanation, output your final verdict by strictly following this format: \"[[A]]\" if assistant A is "
            + "better, \"[[B]]\" if assistant B is better, and \"[[C]]\" for a tie.";

    private static final String PAIR_MATH_V1_SYSTEM = "Please act as an impartial judge and evaluate the quality of the "
            + "responses provided by two AI assistants to the user question displayed below. Your evaluation should "
            + "consider correctness and helpfulness. You will be given a reference answer, assistant A's answer, and "
            + "assistant B's answer. Your job is to evaluate which assistant's answer is better. Begin your evaluation by "
            + "comparing both assistants' answers with the reference answer. Identify and correct any mistakes. Avoid any "
            + "positional biases and ensure that the order in which the responses were presented does not influence your "
            + "decision. Do not allow the length of the responses to influence your evaluation. Do not favor certain "
            + "names of the assistants. Be as objective as possible. After providing your explanation, output your final "
            + "verdict by strictly following this format: \"[[A]]\" if assistant A is better, \"[[B]]\" if assistant B is "
            + "better, and \"[[C]]\" for a tie.";

    private final PairwiseProtocol pair = JudgeProfiles.standard().load("mtbench-judge").pairwise().orElseThrow();

    @Test
    void rendersFastChatPairV2ExactlyInsideTheLlama2SystemWrapper() {
        String text = pair.render(PairwiseRequest.of("Name a prime.", "7", "9"), false).text();
        assertThat(text).isEqualTo("[INST] <<SYS>>\n" + PAIR_V2_SYSTEM + "\n<</SYS>>\n\n"
                + "[User Question]\nName a prime.\n\n"
                + "[The Start of Assistant A's Answer]\n7\n[The End of Assistant A's Answer]\n\n"
                + "[The Start of Assistant B's Answer]\n9\n[The End of Assistant B's Answer] [/INST]");
        assertThat(pair.templateId()).isEqualTo("mtbench-pair");
        assertThat(pair.templateVersion()).isEqualTo("2");
    }

    @Test
    void swappedOrderShowsCandidateBAsAssistantA() {
        String text = pair.render(PairwiseRequest.of("Name a prime.", "7", "9"), true).text();
        assertThat(text).contains("[The Start of Assistant A's Answer]\n9\n[The End of Assistant A's Answer]\n\n"
                + "[The Start of Assistant B's Answer]\n7\n[The End of Assistant B's Answer] [/INST]");
    }

    @Test
    void referenceGuidedPairPromptRendersFastChatPairMathV1Exactly() {
        PairwiseProtocol ref = new TemplatedPairwiseProtocol(TemplateLibrary.bundled().load("mtbench-pair-ref", "1"),
                ChatFormat.LLAMA2, PairwiseVerdictParser.named("mtbench-pair"),
                new ContextBudget(new EstimatingTokenCounter(), 4096, 768));
        assertThat(ref.needsReference()).isTrue();
        String text = ref.render(PairwiseRequest.of("What is 7*6?", "42", "48").withReference("7*6 = 42"), true).text();
        assertThat(text).isEqualTo("[INST] <<SYS>>\n" + PAIR_MATH_V1_SYSTEM + "\n<</SYS>>\n\n"
                + "[User Question]\nWhat is 7*6?\n\n"
                + "[The Start of Reference Answer]\n7*6 = 42\n[The End of Reference Answer]\n\n"
                + "[The Start of Assistant A's Answer]\n48\n[The End of Assistant A's Answer]\n\n"
                + "[The Start of Assistant B's Answer]\n42\n[The End of Assistant B's Answer] [/INST]");
        assertThatThrownBy(() -> ref.render(PairwiseRequest.of("q", "a", "b"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference");
    }

    @Test
    void templateWithoutBothResponsePositionsIsRefused() {
        assertThatThrownBy(() -> new TemplatedPairwiseProtocol(TemplateLibrary.bundled().load("autoj-single", "1"),
                ChatFormat.LLAMA2, PairwiseVerdictParser.named("autoj-pairwise"),
                new ContextBudget(new EstimatingTokenCounter(), 4096, 768)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{response_1}");
    }

    @Test
    void parsesTheLastBracketVerdictThroughTheProtocol() {
        assertThat(pair.parse("Assistant B is more precise.\n\n[[B]]").preference()).contains(Preference.SECOND);
    }
}
