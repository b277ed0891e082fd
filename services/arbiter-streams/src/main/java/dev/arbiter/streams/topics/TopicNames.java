package dev.arbiter.streams.topics;

import java.util.List;
import java.util.Objects;

/**
 * Names of Arbiter's external topics, as configured: the only type that holds them (the
 * configuration reads them into it, {@link ArbiterTopics} pairs them with their serdes).
 * Versioned names ({@code .v1}) leave room for an incompatible schema change to go to a new topic
 * instead of breaking consumers.
 */
public record TopicNames(String candidates, String rewards, String critiques, String deadLetter,
                         String pairwiseRequests, String pairwiseResults, String judgeMetrics, String bestOfN,
                         String preferencePairs) {

    public static final TopicNames DEFAULTS = new TopicNames("arbiter.candidates.v1", "arbiter.rewards.v1",
            "arbiter.critiques.v1", "arbiter.dead-letter.v1", "arbiter.pairwise-requests.v1", "arbiter.pairwise-results.v1",
            "arbiter.judge-metrics.v1", "arbiter.best-of-n.v1", "arbiter.preference-pairs.v1");

    public TopicNames {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(rewards, "rewards");
        Objects.requireNonNull(critiques, "critiques");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(pairwiseRequests, "pairwiseRequests");
        Objects.requireNonNull(pairwiseResults, "pairwiseResults");
        Objects.requireNonNull(judgeMetrics, "judgeMetrics");
        Objects.requireNonNull(bestOfN, "bestOfN");
        Objects.requireNonNull(preferencePairs, "preferencePairs");
    }

    /** Every external topic: the ones the service creates when missing and whose schemas it governs. */
    public List<String> all() {
        return List.of(candidates, rewards, critiques, deadLetter, pairwiseRequests, pairwiseResults, judgeMetrics, bestOfN,
                preferencePairs);
    }
}
