package dev.arbiter.judge.pairwise;

import dev.arbiter.judge.ChatTurn;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pairwise judge compares: the conversation both candidates answered, the two candidate
 * responses under their stable names A and B, and the optional reference answer that
 * reference-guided pairwise templates need. A and B are identities, not positions: which one the
 * judge sees first is decided when the prompt is rendered, so one request can be judged in both
 * orders.
 */
public record PairwiseRequest(
        List<ChatTurn> conversation,
        String responseA,
        String responseB,
        Optional<String> referenceAnswer) {

    public PairwiseRequest {
        conversation = List.copyOf(Objects.requireNonNull(conversation, "conversation"));
        Objects.requireNonNull(responseA, "responseA");
        Objects.requireNonNull(responseB, "responseB");
        referenceAnswer = referenceAnswer == null ? Optional.empty() : referenceAnswer;
    }

    /** A one-turn question with two candidate answers and no reference. */
    public static PairwiseRequest of(String question, String responseA, String responseB) {
        return new PairwiseRequest(List.of(new ChatTurn("user", question)), responseA, responseB, Optional.empty());
    }

    public PairwiseRequest withReference(String reference) {
        return new PairwiseRequest(conversation, responseA, responseB, Optional.ofNullable(reference));
    }
}
