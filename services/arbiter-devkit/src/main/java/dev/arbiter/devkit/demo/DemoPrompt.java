package dev.arbiter.devkit.demo;

import dev.arbiter.schema.ChatTurn;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One prompt of the demo set: the conversation a synthetic policy answers, its Auto-J scenario
 * label and, for questions with one right answer, a reference answer for reference-guided grading.
 *
 * @param promptId        stable id within the set (e.g. {@code demo-017})
 * @param scenario        Auto-J scenario label (e.g. {@code code_generation})
 * @param turns           the conversation, oldest turn first; the last one is the user's
 * @param referenceAnswer a correct answer, when the question has one
 */
public record DemoPrompt(String promptId, String scenario, List<Turn> turns, Optional<String> referenceAnswer) {

    public DemoPrompt {
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(scenario, "scenario");
        turns = List.copyOf(turns);
        if (turns.isEmpty()) throw new IllegalArgumentException("a prompt needs at least one turn");
        Objects.requireNonNull(referenceAnswer, "referenceAnswer");
    }

    /** The text of the last user turn: what the response must answer. */
    public String question() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role().equals("user")) return turns.get(i).content();
        }
        return turns.get(turns.size() - 1).content();
    }

    /** The turns as the Avro records a candidate carries. */
    public List<ChatTurn> chatTurns() {
        return turns.stream().map(t -> new ChatTurn(t.role(), t.content())).toList();
    }

    /** One turn of the conversation. */
    public record Turn(String role, String content) {
        public Turn {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }
}
