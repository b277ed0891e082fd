package dev.arbiter.streams.intake;

import java.util.List;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.JudgeProtocol;
import java.util.Optional;
import java.util.Set;

/**
 * Semantic checks on a decoded candidate, beyond what the Avro schema enforces. A candidate
 * that fails here would either poison the judge prompt or produce a reward the trainer cannot
 * attribute, so it goes to the dead-letter topic instead of the judge.
 */
public final class CandidateValidator {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private final int maxIdLength;

    /** @param maxIdLength longest accepted candidate/prompt id; ids are Kafka keys and store keys */
    public CandidateValidator(int maxIdLength) {
        if (maxIdLength < 1) throw new IllegalArgumentException("maxIdLength must be positive");
        this.maxIdLength = maxIdLength;
    }

    /** Returns why the candidate is rejected, or empty when it may be judged. */
    public Optional<Rejection> check(CandidateGeneration c) {
        if (isBlank(c.getCandidateId())) return missing("candidate_id");
        if (isBlank(c.getPromptId())) return missing("prompt_id");
        if (c.getCandidateId().length() > maxIdLength) {
            return invalid("candidate_id longer than " + maxIdLength + " characters");
        }
        if (c.getPromptId().length() > maxIdLength) {
            return invalid("prompt_id longer than " + maxIdLength + " characters");
        }
        if (c.getPolicy() == null || isBlank(c.getPolicy().getModel())) return missing("policy.model");
        if (c.getGroupSize() < 1) return invalid("group_size must be >= 1, got " + c.getGroupSize());
        if (c.getGroupIndex() < 0 || c.getGroupIndex() >= c.getGroupSize()) {
            return invalid("group_index must be in [0, group_size), got " + c.getGroupIndex()
                    + " with group_size " + c.getGroupSize());
        }
        Optional<Rejection> prompt = checkPrompt(c.getPrompt());
        if (prompt.isPresent()) return prompt;
        if (isBlank(c.getResponse())) {
            return Optional.of(new Rejection(DeadLetterReason.EMPTY_RESPONSE, "response is empty or blank"));
        }
        if (c.getProtocol() == JudgeProtocol.REFERENCE_GUIDED && isBlank(c.getReferenceAnswer())) {
            return invalid("protocol REFERENCE_GUIDED requires reference_answer");
        }
        return Optional.empty();
    }

    /** The rules every judged conversation obeys: at least one turn, known roles, a non-empty user turn. */
    public static Optional<Rejection> checkPrompt(List<ChatTurn> prompt) {
        if (prompt == null || prompt.isEmpty()) return missing("prompt (at least one turn)");
        for (int i = 0; i < prompt.size(); i++) {
            ChatTurn t = prompt.get(i);
            if (!ROLES.contains(t.getRole())) {
                return invalid("prompt[" + i + "].role must be one of " + ROLES + ", got '" + t.getRole() + "'");
            }
        }
        boolean anyUserTurn = prompt.stream().anyMatch(t -> "user".equals(t.getRole()) && !isBlank(t.getContent()));
        if (!anyUserTurn) return invalid("prompt has no non-empty user turn");
        return Optional.empty();
    }

    static Optional<Rejection> missing(String field) {
        return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD, field + " is missing or blank"));
    }

    static Optional<Rejection> invalid(String message) {
        return Optional.of(new Rejection(DeadLetterReason.INVALID_FIELD, message));
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
