package dev.arbiter.judge.template;

import dev.arbiter.judge.ChatTurn;
import java.util.List;

/**
 * Turns the conversation a policy answered into the single "query" string the judge templates
 * have. A one-turn conversation is its user message verbatim (the format the judges were
 * trained on); longer conversations keep every earlier turn, labelled by role, so the judge
 * sees the context the final answer responds to.
 */
public final class QueryText {

    private QueryText() {}

    public static String of(List<ChatTurn> conversation) {
        List<ChatTurn> turns = conversation.stream().filter(t -> !t.role().equalsIgnoreCase("system")).toList();
        if (turns.isEmpty()) return "";
        if (turns.size() == 1) return turns.get(0).content();
        StringBuilder sb = new StringBuilder();
        for (ChatTurn t : turns) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(t.isUser() ? "User: " : "Assistant: ").append(t.content());
        }
        return sb.toString();
    }
}
