package dev.arbiter.app.config;

import java.util.Objects;

/**
 * The synthetic policy load that the demo writes to the candidates topic.
 *
 * @param enabled             run the load (defaults to true in EMBEDDED mode, false in EXTERNAL)
 * @param promptsResource     classpath resource with the prompts, one JSON object per line
 * @param candidatesPerPrompt N, the size of each best-of-N group
 * @param totalCandidates     candidates to write in all (a multiple of N so every group completes);
 *                            0 keeps writing until stopped
 * @param ratePerSecond       candidates written per second
 * @param malformedEvery      after every this many candidates also write one malformed record, to
 *                            show the dead-letter path; 0 writes none
 * @param pairsEvery          after every this many complete groups also write one pairwise request
 *                            (the group's GOOD response against another of its responses) when the
 *                            judge profile offers pairwise comparison; 0 writes none
 * @param seed                seed of the synthetic policy, so a run can be repeated
 */
public record DemoSettings(
        boolean enabled,
        String promptsResource,
        int candidatesPerPrompt,
        long totalCandidates,
        double ratePerSecond,
        int malformedEvery,
        int pairsEvery,
        long seed) {

    public DemoSettings {
        Objects.requireNonNull(promptsResource, "promptsResource");
    }

    /** True when the load stops by itself after {@link #totalCandidates()}. */
    public boolean bounded() {
        return totalCandidates > 0;
    }
}
