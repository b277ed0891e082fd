package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticPolicyTest {

    private static final DemoPrompt TOMATOES = new DemoPrompt("p-tomato", "asking_how_to_question",
            List.of(new DemoPrompt.Turn("user", "How do I keep tomato plants healthy on a windy balcony?")), Optional.empty());
    private static final DemoPrompt EQUATION = new DemoPrompt("p-eq", "solving_exam_question_with_math",
            List.of(new DemoPrompt.Turn("user", "Solve for x: 3x - 7 = 2x + 5.")), Optional.of("x = 12, since 3*12 - 7 = 29 = 2*12 + 5."));

    @Test
    void sameSeedPromptAndGroupGiveTheSameAnswers() {
        assertThat(new SyntheticPolicy(42).respond(TOMATOES, 4, 3)).isEqualTo(new SyntheticPolicy(42).respond(TOMATOES, 4, 3));
    }

    @Test
    void otherSeedsOrGroupsArrangeTheAnswersDifferently() {
        SyntheticPolicy policy = new SyntheticPolicy(42);
        List<List<ResponseStyle>> arrangements = java.util.stream.LongStream.range(0, 20)
                .mapToObj(g -> policy.respond(TOMATOES, 4, g).stream().map(SyntheticResponse::style).toList())
                .distinct().toList();

        assertThat(arrangements.size()).isGreaterThan(5);
        assertThat(new SyntheticPolicy(1).respond(TOMATOES, 6, 0)).isNotEqualTo(new SyntheticPolicy(2).respond(TOMATOES, 6, 0));
    }

    @Test
    void everyGroupHasExactlyOneGoodAnswerAndOtherwiseDistinctStyles() {
        SyntheticPolicy policy = new SyntheticPolicy(7);
        for (int n = 1; n <= 6; n++) {
            List<ResponseStyle> styles = policy.respond(TOMATOES, n, n).stream().map(SyntheticResponse::style).toList();
            assertThat(styles).hasSize(n).doesNotHaveDuplicates();
            assertThat(styles).filteredOn(s -> s == ResponseStyle.GOOD).hasSize(1);
        }
        List<ResponseStyle> eight = policy.respond(TOMATOES, 8, 0).stream().map(SyntheticResponse::style).toList();
        assertThat(eight).hasSize(8).filteredOn(s -> s == ResponseStyle.GOOD).hasSize(1);
    }

    @Test
    void stylesDifferInTheWaysAJudgeShouldNotice() {
        Map<ResponseStyle, String> byStyle = new SyntheticPolicy(3).respond(TOMATOES, 6, 0).stream()
                .collect(Collectors.toMap(SyntheticResponse::style, SyntheticResponse::text));
        String good = byStyle.get(ResponseStyle.GOOD);

        assertThat(good).contains("tomato").contains("plants").contains("healthy");
        assertThat(byStyle.get(ResponseStyle.TERSE).length()).isLessThan(40);
        assertThat(byStyle.get(ResponseStyle.OFF_TOPIC).toLowerCase()).doesNotContain("tomato").doesNotContain("balcony");
        String repetitive = byStyle.get(ResponseStyle.REPETITIVE);
        String sentence = repetitive.substring(0, repetitive.indexOf('.') + 1);
        assertThat(repetitive.split(java.util.regex.Pattern.quote(sentence), -1).length - 1).isGreaterThanOrEqualTo(8);
        assertThat(byStyle.get(ResponseStyle.NEAR_EMPTY)).isNotBlank().hasSizeLessThan(35);
        assertThat(byStyle.get(ResponseStyle.OVERLONG).length()).isGreaterThan(3 * good.length());
    }

    @Test
    void goodAnswerUsesTheReferenceAnswerWhenThereIsOne() {
        SyntheticResponse good = new SyntheticPolicy(5).respond(EQUATION, 4, 0).stream()
                .collect(Collectors.toMap(SyntheticResponse::style, Function.identity())).get(ResponseStyle.GOOD);

        assertThat(good.text()).contains("x = 12, since 3*12 - 7 = 29 = 2*12 + 5.");
    }

    @Test
    void topicsAreDistinctiveWordsOfTheQuestion() {
        assertThat(SyntheticPolicy.topics("How do I keep tomato plants healthy on a windy balcony?"))
                .containsExactly("tomato", "plants", "healthy", "windy");
        assertThat(SyntheticPolicy.topics("Why?")).containsExactly("the question", "the question", "the question");
    }
}
