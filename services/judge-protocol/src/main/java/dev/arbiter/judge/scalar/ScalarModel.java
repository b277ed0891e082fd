package dev.arbiter.judge.scalar;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A scalar reward model as a judge profile describes it: where its tokenizer is, the tensors of
 * its served interface (names as in the model's Triton {@code config.pbtxt}), how many rows one
 * inference call may carry, the range of its score and how the client batches calls. Today's one
 * scoring rule is reference similarity on a sentence encoder: the response and what it is
 * compared with are encoded, token states mean-pooled over the attention mask, and the score is
 * the cosine of the two, mapped to a reward by {@link #reward}.
 *
 * @param tokenizer      the model's {@code tokenizer.json}: a file path, or {@code classpath:/...}
 * @param sequenceLength tokens per row; rows are padded and truncated to it (the config's dims)
 * @param maxBatchRows   the model's {@code max_batch_size}: rows per inference call
 * @param inputIds       name of the INT64 token-id input
 * @param attentionMask  name of the INT64 attention-mask input
 * @param tokenTypeIds   name of the INT64 token-type input, if the model has one
 * @param output         name of the FP32 token-state output, {@code [rows, sequenceLength, hiddenSize]}
 * @param hiddenSize     width of one token state
 * @param scoreMin       lowest score the model gives (reward 0)
 * @param scoreMax       highest score (reward 1)
 * @param queueDelay     how long the client waits to fill a call with more candidates
 * @param concurrentCalls inference calls the client keeps in flight
 */
public record ScalarModel(String tokenizer, int sequenceLength, int maxBatchRows, String inputIds, String attentionMask,
                          Optional<String> tokenTypeIds, String output, int hiddenSize, double scoreMin, double scoreMax,
                          Duration queueDelay, int concurrentCalls) {

    public ScalarModel {
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (sequenceLength < 2) throw new IllegalArgumentException("sequenceLength must be at least 2");
        if (maxBatchRows < 2) throw new IllegalArgumentException("maxBatchRows must be at least 2 (a candidate takes two rows)");
        Objects.requireNonNull(inputIds, "inputIds");
        Objects.requireNonNull(attentionMask, "attentionMask");
        tokenTypeIds = tokenTypeIds == null ? Optional.empty() : tokenTypeIds;
        Objects.requireNonNull(output, "output");
        if (hiddenSize < 1) throw new IllegalArgumentException("hiddenSize must be positive");
        if (!(scoreMax > scoreMin)) throw new IllegalArgumentException("scoreMax must exceed scoreMin");
        Objects.requireNonNull(queueDelay, "queueDelay");
        if (concurrentCalls < 1) throw new IllegalArgumentException("concurrentCalls must be at least 1");
    }

    /** Candidates one call can always carry: each needs at most two rows. */
    public int maxCandidatesPerCall() {
        return maxBatchRows / 2;
    }

    /**
     * The reward of a score: its place in [{@code scoreMin}, {@code scoreMax}], linearly, clipped to
     * [0, 1]. A cosine of 0.9 on the range [−1, 1] is a reward of 0.95.
     */
    public double reward(double score) {
        return Math.max(0, Math.min(1, (score - scoreMin) / (scoreMax - scoreMin)));
    }

    /** Whether a score lies outside the declared range (the reward was clipped). */
    public boolean outOfRange(double score) {
        return score < scoreMin || score > scoreMax;
    }
}
