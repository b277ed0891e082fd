package dev.arbiter.devserver.cost;

/**
 * A snapshot of the simulated GPU's counters.
 *
 * @param served           requests finished
 * @param running          requests holding a sequence slot now
 * @param queued           requests waiting for a slot
 * @param prefillTokens    prompt tokens actually prefilled (cache misses)
 * @param cachedTokens     prompt tokens served from the prefix cache
 * @param outputTokens     decode steps billed (tokens generated, or the cost model's minimum per request)
 */
public record SimulatorStats(long served, int running, int queued, long prefillTokens, long cachedTokens, long outputTokens) {

    /** Share of prompt tokens the prefix cache saved, 0 when nothing ran. */
    public double prefixHitRatio() {
        long total = prefillTokens + cachedTokens;
        return total == 0 ? 0 : (double) cachedTokens / total;
    }

    public int inFlight() {
        return running + queued;
    }
}
