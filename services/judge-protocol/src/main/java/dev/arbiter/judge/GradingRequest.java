package dev.arbiter.judge;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a judge grades: the conversation the policy answered, the policy's response, and the
 * optional reference answer and scenario label some protocols use.
 */
public record GradingRequest(
        List<ChatTurn> conversation,
        String response,
        Optional<String> referenceAnswer,
        Optional<String> scenario) {

    public GradingRequest {
        conversation = List.copyOf(Objects.requireNonNull(conversation, "conversation"));
        Objects.requireNonNull(response, "response");
        referenceAnswer = referenceAnswer == null ? Optional.empty() : referenceAnswer;
        scenario = scenario == null ? Optional.empty() : scenario;
    }

    public static GradingRequest of(String question, String response) {
        return new GradingRequest(List.of(new ChatTurn("user", question)), response, Optional.empty(), Optional.empty());
    }

    public GradingRequest withReference(String reference) {
        return new GradingRequest(conversation, response, Optional.ofNullable(reference), scenario);
    }
}
