package dev.arbiter.judge.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.judge.ChatTurn;
import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.GradingRequest;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.profile.JudgeProfiles;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MtBenchAndAdditiveTemplateTest {

    private final JudgeProfile mtbench = JudgeProfiles.standard().load("mtbench-judge");

    @Test
    void referenceGuidedPromptCarriesTheReferenceBetweenQuestionAndAnswer() {
        GradingProtocol ref = mtbench.grading(ProtocolKind.REFERENCE_GUIDED).orElseThrow();
        String text = ref.render(GradingRequest.of("What is 7*6?", "42").withReference("7*6 = 42")).text();
        assertThat(text).startsWith("[INST] <<SYS>>\nYou are a helpful assistant.\n<</SYS>>\n\n[Instruction]\n");
        assertThat(text).contains("[Question]\nWhat is 7*6?\n\n[The Start of Reference Answer]\n7*6 = 42\n[The End of Reference Answer]\n\n"
                + "[The Start of Assistant's Answer]\n42\n[The End of Assistant's Answer] [/INST]");
    }

    @Test
    void referenceGuidedWithoutReferenceIsRefused() {
        GradingProtocol ref = mtbench.grading(ProtocolKind.REFERENCE_GUIDED).orElseThrow();
        assertThatThrownBy(() -> ref.render(GradingRequest.of("q", "r"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference");
    }

    @Test
    void mtBenchSinglePromptAsksForTheBracketRating() {
        String text = mtbench.grading(ProtocolKind.SINGLE).orElseThrow().render(GradingRequest.of("Hi?", "Hello")).text();
        assertThat(text).contains("\"Rating: [[5]]\"").contains("[The Start of Assistant's Answer]\nHello\n");
    }

    @Test
    void additivePromptEndsWithTheScoreInstructionAndHasAZeroToFiveScale() {
        GradingProtocol additive = mtbench.grading(ProtocolKind.ADDITIVE).orElseThrow();
        String text = additive.render(GradingRequest.of("Name a prime.", "7")).text();
        assertThat(text).contains("User: Name a prime.\n\n<response>7</response>").contains("\"Score: <total points>\"");
        assertThat(additive.scaleMin()).isZero();
        assertThat(additive.scaleMax()).isEqualTo(5);
    }

    @Test
    void multiTurnConversationKeepsEarlierTurnsLabelledByRole() {
        GradingRequest r = new GradingRequest(List.of(new ChatTurn("system", "be nice"), new ChatTurn("user", "Hi"),
                new ChatTurn("assistant", "Hello!"), new ChatTurn("user", "Tell a joke")), "No.", Optional.empty(), Optional.empty());
        String text = mtbench.grading(ProtocolKind.SINGLE).orElseThrow().render(r).text();
        assertThat(text).contains("[Question]\nUser: Hi\n\nAssistant: Hello!\n\nUser: Tell a joke\n").doesNotContain("be nice");
    }
}
