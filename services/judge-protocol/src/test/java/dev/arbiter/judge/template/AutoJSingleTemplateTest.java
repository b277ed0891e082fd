package dev.arbiter.judge.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.GradingRequest;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.profile.JudgeProfiles;
import org.junit.jupiter.api.Test;

class AutoJSingleTemplateTest {

    private final GradingProtocol single = JudgeProfiles.standard().load("auto-j-13b-gptq").grading(ProtocolKind.SINGLE).orElseThrow();

    @Test
    void rendersAutoJsTrainingPromptByteForByteInsideTheLlama2Wrapper() {
        RenderedPrompt p = single.render(GradingRequest.of("What is 2+2?", "4"));
        // Auto-J's "single" prompt (GAIR-NLP/auto-j codes/usage/constants_prompt.py), wrapped by llama2_wrapper.
        String expected = "[INST] Write critiques for a submitted response on a given user's query, and grade the response:\n"
                + "  \n[BEGIN DATA]\n***\n[Query]: What is 2+2?\n***\n[Response]: 4\n***\n[END DATA]\n\n"
                + "Write critiques for this response. After that, you should give a final rating for the response on a "
                + "scale of 1 to 10 by strictly following this format: \"[[rating]]\", for example: \"Rating: [[5]]\". [/INST]";
        assertThat(p.text()).isEqualTo(expected);
        assertThat(p.truncated()).isFalse();
        assertThat(p.templateId()).isEqualTo("autoj-single");
        assertThat(p.templateVersion()).isEqualTo("1");
        assertThat(p.promptTokens()).isPositive();
    }

    @Test
    void responseContainingPlaceholderTextIsInsertedVerbatimNotExpanded() {
        RenderedPrompt p = single.render(GradingRequest.of("q {response}", "see {query} and {reference}"));
        assertThat(p.text()).contains("[Query]: q {response}\n").contains("[Response]: see {query} and {reference}\n");
    }

    @Test
    void sharesItsPromptPrefixAcrossCandidatesOfTheSamePrompt() {
        // The judge's prefix cache only helps if the query comes before the response in the prompt.
        String a = single.render(GradingRequest.of("Explain TCP slow start.", "one answer")).text();
        String b = single.render(GradingRequest.of("Explain TCP slow start.", "two answers")).text();
        int common = 0;
        while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) common++;
        assertThat(a.substring(0, common)).endsWith("[Response]: ");
    }
}
