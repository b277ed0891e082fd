package dev.arbiter.streams.intake;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PolicyRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Size limits on the text a policy sends, checked right after decoding and before anything
 * reads the text: a record over a limit is dead-lettered as {@code FIELD_TOO_LARGE} without a
 * single scan of its contents. Lengths are in UTF-16 characters ({@code String.length()}), the
 * unit every scanner's cost is linear in. The limits also keep every record the service stores
 * or emits for an accepted input (the pending entry holds the whole candidate) under Kafka's
 * default 1 MiB request size: a record the changelog cannot take would stop the stream thread
 * on every replay.
 *
 * @param maxPromptChars   the conversation (every turn's role and content together)
 * @param maxResponseChars each answer text: the response, both responses of a pair, and the
 *                         reference answer
 * @param maxMetadataChars the metadata map's keys and values together with the other
 *                         free-text fields (policy model and version, scenario, a pair's
 *                         candidate ids)
 */
public record InputLimits(int maxPromptChars, int maxResponseChars, int maxMetadataChars) {

    public InputLimits {
        if (maxPromptChars < 1 || maxResponseChars < 1 || maxMetadataChars < 1) {
            throw new IllegalArgumentException("input limits must be positive");
        }
    }

    /** Why the candidate is too large, or empty when it is within every limit. */
    public Optional<Rejection> check(CandidateGeneration c) {
        return prompt(c.getPrompt())
                .or(() -> answer("response", c.getResponse()))
                .or(() -> answer("reference_answer", c.getReferenceAnswer()))
                .or(() -> metadata(c.getMetadata(), policyLength(c.getPolicy()) + length(c.getScenario())));
    }

    /** Why the pair is too large, or empty when it is within every limit. */
    public Optional<Rejection> check(PairwiseRequest r) {
        return prompt(r.getPrompt())
                .or(() -> answer("response_a", r.getResponseA()))
                .or(() -> answer("response_b", r.getResponseB()))
                .or(() -> answer("reference_answer", r.getReferenceAnswer()))
                .or(() -> metadata(r.getMetadata(), length(r.getCandidateIdA()) + length(r.getCandidateIdB())));
    }

    private Optional<Rejection> prompt(List<ChatTurn> turns) {
        if (turns == null) return Optional.empty();
        long total = 0;
        for (ChatTurn t : turns) total += length(t.getRole()) + length(t.getContent());
        return over("prompt", total, maxPromptChars);
    }

    private Optional<Rejection> answer(String field, String text) {
        return over(field, length(text), maxResponseChars);
    }

    private Optional<Rejection> metadata(Map<String, String> metadata, long otherFields) {
        long total = otherFields;
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) total += length(e.getKey()) + length(e.getValue());
        }
        return over("metadata and free-text fields", total, maxMetadataChars);
    }

    private static Optional<Rejection> over(String what, long length, int limit) {
        if (length <= limit) return Optional.empty();
        return Optional.of(new Rejection(DeadLetterReason.FIELD_TOO_LARGE,
                what + " has " + length + " characters; the limit is " + limit));
    }

    private static long policyLength(PolicyRef p) {
        return p == null ? 0 : length(p.getModel()) + length(p.getVersion());
    }

    private static long length(CharSequence s) {
        return s == null ? 0 : s.length();
    }
}
