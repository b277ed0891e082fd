package dev.arbiter.judge.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.GradingRequest;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.profile.JudgeProfiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextBudgetTest {

    private final EstimatingTokenCounter counter = new EstimatingTokenCounter();

    @Test
    void overlongResponseKeepsQuestionWholeAndBothEndsOfTheResponse() {
        String response = "BEGINNING " + "filler words here ".repeat(3000) + " THE CONCLUSION";
        RenderedPrompt p = JudgeProfiles.standard().load("auto-j-13b").grading(ProtocolKind.SINGLE).orElseThrow()
                .render(GradingRequest.of("What is the question?", response));
        assertThat(p.truncated()).isTrue();
        assertThat(p.text()).contains("[Query]: What is the question?\n").contains("BEGINNING").contains("THE CONCLUSION")
                .contains("characters omitted to fit the judge's context window");
        assertThat(p.promptTokens()).isLessThanOrEqualTo(4096 - 1024);
    }

    @Test
    void fittingPromptIsNotTouched() {
        ContextBudget budget = new ContextBudget(counter, 4096, 1024);
        ContextBudget.Fitted f = budget.fit("fixed", "question", List.of("short response"));
        assertThat(f.truncated()).isFalse();
        assertThat(f.others()).containsExactly("short response");
    }

    @Test
    void shortFieldPassesItsUnusedShareToTheLongOne() {
        ContextBudget budget = new ContextBudget(counter, 2048, 512);
        String longOne = "x".repeat(20_000);
        ContextBudget.Fitted f = budget.fit("fixed", "q", List.of(longOne, "short reference"));
        assertThat(f.others().get(1)).isEqualTo("short reference");
        int used = counter.count("fixed") + counter.count(f.question()) + counter.count(f.others().get(0)) + counter.count(f.others().get(1));
        assertThat(used).isLessThanOrEqualTo(2048 - 512);
        assertThat(counter.count(f.others().get(0))).isGreaterThan((2048 - 512) / 2);
    }

    @Test
    void hugeQuestionIsCutToHalfTheRoom() {
        ContextBudget budget = new ContextBudget(counter, 2048, 512);
        ContextBudget.Fitted f = budget.fit("", "q".repeat(50_000), List.of("r".repeat(50_000)));
        assertThat(counter.count(f.question())).isLessThanOrEqualTo((2048 - 512) / 2);
        assertThat(f.truncated()).isTrue();
    }

    @Test
    void nonAsciiTextCostsMoreTokensPerCharacterThanEnglish() {
        assertThat(counter.count("这是一个测试句子")).isGreaterThan(counter.count("this is a"));
        assertThat(counter.count("")).isZero();
    }
}
