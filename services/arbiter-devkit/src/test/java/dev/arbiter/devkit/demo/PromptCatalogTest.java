package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PromptCatalogTest {

    /** Auto-J's eight scenario groups and their scenario labels (GAIR auto-j repository, scenario_group). */
    private static final Map<String, List<String>> AUTO_J_GROUPS = Map.of(
            "Summarization", List.of("post_summarization", "text_summarization", "note_summarization"),
            "Exam Questions", List.of("math_reasoning", "solving_exam_question_with_math", "solving_exam_question_without_math"),
            "Code", List.of("code_simplification", "code_generation", "explaining_code", "code_correction_rewriting",
                    "code_to_code_translation"),
            "Rewriting", List.of("text_simplification", "language_polishing", "instructional_rewriting", "text_correction",
                    "paraphrasing"),
            "Creative Writing", List.of("writing_song_lyrics", "writing_social_media_post", "writing_blog_post",
                    "writing_personal_essay", "creative_writing", "writing_advertisement", "writing_marketing_materials",
                    "writing_presentation_script", "counterfactual"),
            "Functional Writing", List.of("writing_product_description", "writing_job_application", "writing_news_article",
                    "writing_biography", "writing_email", "writing_legal_document", "writing_technical_document",
                    "writing_scientific_paper", "functional_writing", "writing_cooking_recipe"),
            "General Communication", List.of("asking_how_to_question", "open_question", "analyzing_general",
                    "explaining_general", "seeking_advice", "recommendation", "value_judgement", "verifying_fact", "chitchat",
                    "roleplay", "planning", "brainstorming"),
            "NLP Tasks", List.of("ranking", "text_to_text_translation", "data_analysis", "classification_identification",
                    "title_generation", "question_generation", "reading_comprehension", "keywords_extraction",
                    "information_extraction", "topic_modeling", "others"));

    @Test
    void bundledSetHasAboutSixtyPromptsCoveringEveryAutoJGroup() {
        PromptCatalog catalog = PromptCatalog.fromClasspath("demo/prompts.jsonl");
        Map<String, String> groupOf = AUTO_J_GROUPS.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(s -> Map.entry(s, e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(catalog.size()).isBetween(55, 80);
        assertThat(catalog.prompts()).allSatisfy(p -> {
            assertThat(groupOf).as("scenario of %s", p.promptId()).containsKey(p.scenario());
            assertThat(p.turns()).last().satisfies(t -> assertThat(t.role()).isEqualTo("user"));
        });
        Map<String, Long> perGroup = catalog.prompts().stream()
                .collect(Collectors.groupingBy(p -> groupOf.get(p.scenario()), Collectors.counting()));
        assertThat(perGroup.keySet()).isEqualTo(AUTO_J_GROUPS.keySet());
        assertThat(perGroup.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(5));
        assertThat(catalog.prompts().stream().filter(p -> p.referenceAnswer().isPresent()).count())
                .as("exam questions carry reference answers").isGreaterThanOrEqualTo(8);
        Set<String> ids = catalog.prompts().stream().map(DemoPrompt::promptId).collect(Collectors.toSet());
        assertThat(ids).hasSize(catalog.size());
    }

    @Test
    void parsesTurnsReferenceAnswersAndSkipsBlankAndCommentLines() throws Exception {
        String jsonl = "# comment\n\n"
                + "{\"prompt_id\":\"p1\",\"scenario\":\"chitchat\",\"turns\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n"
                + "{\"prompt_id\":\"p2\",\"scenario\":\"math_reasoning\",\"turns\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"2+2?\"}],\"reference_answer\":\"4\"}\n";

        PromptCatalog catalog = PromptCatalog.parse(new StringReader(jsonl), "test");

        assertThat(catalog.prompts()).extracting(DemoPrompt::promptId).containsExactly("p1", "p2");
        DemoPrompt p2 = catalog.prompts().get(1);
        assertThat(p2.question()).isEqualTo("2+2?");
        assertThat(p2.referenceAnswer()).contains("4");
        assertThat(p2.chatTurns()).hasSize(2).first().satisfies(t -> assertThat(t.getRole()).isEqualTo("system"));
    }

    @Test
    void badLinesFailWithSourceAndLineNumber() {
        assertThatThrownBy(() -> PromptCatalog.parse(new StringReader(
                "{\"prompt_id\":\"p1\",\"scenario\":\"x\",\"turns\":[{\"role\":\"user\",\"content\":\"a\"}]}\n{oops"), "set.jsonl"))
                .hasMessageStartingWith("set.jsonl line 2: not valid JSON");
        assertThatThrownBy(() -> PromptCatalog.parse(new StringReader(
                "{\"prompt_id\":\"p1\",\"scenario\":\"x\",\"turns\":[]}"), "set.jsonl"))
                .hasMessage("set.jsonl line 1: turns must be a non-empty array");
        String line = "{\"prompt_id\":\"p1\",\"scenario\":\"x\",\"turns\":[{\"role\":\"user\",\"content\":\"a\"}]}\n";
        assertThatThrownBy(() -> PromptCatalog.parse(new StringReader(line + line), "set.jsonl"))
                .hasMessage("set.jsonl line 2: duplicate prompt_id p1");
    }
}
