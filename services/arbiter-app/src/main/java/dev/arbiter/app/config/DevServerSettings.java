package dev.arbiter.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of the embedded Triton-protocol dev judge (EMBEDDED mode only). Its cost model
 * imitates a vLLM-served judge on one GPU — prefill throughput, a decode step per generated token,
 * a bounded number of concurrently decoding sequences and a prompt-prefix cache — so batching
 * and prefix grouping show up in the demo's throughput the way they would on real hardware.
 * Plain values here; the runtime maps them onto the dev server's own configuration.
 *
 * @param port                   gRPC port; 0 picks any free port
 * @param timeScale              multiplies every simulated duration; 0 answers instantly
 * @param prefillTokensPerSecond prompt tokens processed per second for tokens not in the cache
 * @param decodeStep             time of one decode step (one token for every running sequence)
 * @param maxConcurrentSequences sequences decoded together; further requests queue
 * @param prefixCacheTokens      capacity of the prompt-prefix cache, in tokens
 * @param positionBias           strength, 0..1, of the simulated preference for the first response
 *                               in pairwise judging (to exercise consistency tracking)
 * @param seed                   seed of the dev judge's pseudo-random verdicts
 */
public record DevServerSettings(
        int port,
        double timeScale,
        double prefillTokensPerSecond,
        Duration decodeStep,
        int maxConcurrentSequences,
        int prefixCacheTokens,
        double positionBias,
        long seed) {

    public DevServerSettings {
        Objects.requireNonNull(decodeStep, "decodeStep");
    }
}
