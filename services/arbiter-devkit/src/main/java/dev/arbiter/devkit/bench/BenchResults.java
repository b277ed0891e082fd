package dev.arbiter.devkit.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one benchmark run measured, as plain values for the printed table, the document and the
 * charts. Every ratio in it is between two numbers from the same run.
 */
public final class BenchResults {

    private BenchResults() {}

    /**
     * Arbiter at one offered load, steady state only.
     *
     * @param offeredFraction   offered load as a share of the measured ceiling
     * @param offeredPerSecond  candidates written per second
     * @param achievedPerSecond rewards becoming visible per second in the window
     * @param e2eP50Ms          produced → visible to a read_committed consumer, median
     * @param e2eP99Ms          the same, 99th percentile
     * @param judgeP50Ms        the judge's own time per request (queue for a slot included), median, same window
     * @param judgeP99Ms        the same, 99th percentile
     * @param addedP50Ms        per reward, end to end minus its own judge call's duration: median
     * @param addedP99Ms        the same, 99th percentile
     * @param hitRatio          prefix-cache hit ratio in the window
     * @param shapeCapacity     what the judge could finish per second with every slot busy, for the
     *                          requests it served in the window (their uncached prompt and billed
     *                          output tokens): achieved ÷ this is how busy Arbiter kept it
     * @param rewards           rewards in the window (the latency sample size)
     */
    public record Level(double offeredFraction, double offeredPerSecond, double achievedPerSecond, double e2eP50Ms,
                        double e2eP99Ms, double judgeP50Ms, double judgeP99Ms, double addedP50Ms, double addedP99Ms,
                        double hitRatio, double shapeCapacity, int rewards) {}

    /**
     * Everything measured against one judge cost model.
     *
     * @param judge             the cost model
     * @param ceilings          each concurrency tried by the closed-loop generator
     * @param ceiling           the best of them: the measured ceiling
     * @param ceilingHitRatio   prefix-cache hit ratio while the ceiling was measured (warm-up included)
     * @param ceilingShapeCapacity the judge's capacity for the requests the ceiling run served
     * @param warmup            excluded from each level's start
     * @param window            each level's measured window
     * @param levels            Arbiter at each offered load, grouping by prompt on
     * @param exactlyOnce       whether every candidate of those levels got exactly one reward
     * @param groupingOff       the highest level again with grouping off, when measured
     * @param baselinePerSecond the naive mapValues app's sustained rewards/s
     */
    public record Case(JudgeCase judge, List<ClosedLoopCeiling.Result> ceilings, ClosedLoopCeiling.Result ceiling,
                       double ceilingHitRatio, double ceilingShapeCapacity, Duration warmup, Duration window, List<Level> levels, boolean exactlyOnce,
                       Optional<Level> groupingOff, double baselinePerSecond) {

        /** Sustained throughput: the best level offered at least the ceiling. */
        public double sustainedPerSecond() {
            return levels.stream().filter(l -> l.offeredFraction() >= 1.0).mapToDouble(Level::achievedPerSecond).max()
                    .orElse(levels.stream().mapToDouble(Level::achievedPerSecond).max().orElse(0));
        }

        public double efficiency() {
            return sustainedPerSecond() / ceiling.requestsPerSecond();
        }

        public double speedUp() {
            return baselinePerSecond <= 0 ? Double.NaN : sustainedPerSecond() / baselinePerSecond;
        }

        /** The level closest to {@code fraction} of the ceiling. */
        public Optional<Level> at(double fraction) {
            return levels.stream().filter(l -> Math.abs(l.offeredFraction() - fraction) < 1e-6).findFirst();
        }

        /** The highest level measured with grouping on, to compare with {@link #groupingOff}. */
        public Level highest() {
            return levels.get(levels.size() - 1);
        }
    }

    /**
     * Arbiter's own cost, with a judge that answers at once.
     *
     * @param perSecond         rewards/s over the window
     * @param windowSeconds     the window: from 5 s after the first reward to the last
     * @param cpuMsPerCandidate the service process's CPU time over the window ÷ rewards in it
     * @param hostCpuMsPerCandidate the benchmark JVM's CPU (broker, judge, watcher) over the same span ÷ rewards
     * @param peakHeapMiB       most heap in use just before a collection (the collector's log)
     * @param afterGcMiB        most heap still in use after one
     * @param maxHeap           the process's {@code -Xmx}
     * @param exactlyOnce       whether every candidate got exactly one reward
     */
    public record Overhead(double perSecond, double windowSeconds, double cpuMsPerCandidate,
                           double hostCpuMsPerCandidate, double peakHeapMiB, double afterGcMiB, String maxHeap, boolean exactlyOnce) {

        /** Candidates/s two cores of this CPU could serve at this CPU cost. */
        public double twoCoreCandidatesPerSecond() {
            return 2 * 1000.0 / cpuMsPerCandidate;
        }
    }

    /**
     * @param cases    per judge cost model
     * @param overhead with the zero-cost judge
     * @param commitInterval the service's transaction commit interval (the floor of added latency)
     * @param machine  one line about the machine
     * @param started  when the run began (UTC, minutes)
     * @param seconds  how long it took
     */
    public record Run(List<Case> cases, Overhead overhead, Duration commitInterval, String machine, String started, double seconds) {

        /** GPUs' worth of the first (realistic) judge one 2-core instance could feed, at its measured CPU cost. */
        public OptionalGpus gpusFed() {
            if (cases.isEmpty()) return new OptionalGpus(Double.NaN, "");
            Case realistic = cases.get(0);
            return new OptionalGpus(overhead.twoCoreCandidatesPerSecond() / realistic.ceiling().requestsPerSecond(),
                    realistic.judge().name());
        }
    }

    /** A GPU count and the judge it counts in. */
    public record OptionalGpus(double gpus, String judge) {}
}
