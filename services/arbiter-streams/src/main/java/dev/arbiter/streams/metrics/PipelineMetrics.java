package dev.arbiter.streams.metrics;

import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.judging.JudgeDispatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline's Micrometer meters, named after what they count with the variants as tags
 * ({@code arbiter.candidates.rejected{reason=EMPTY_RESPONSE}}), per Micrometer's naming
 * conventions. Meters are created once here so hot paths only increment. The catalogue is in docs/operations.md.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Map<DeadLetterReason, Counter> rejected = new EnumMap<>(DeadLetterReason.class);
    private final Counter pairsAccepted;
    private final Map<DeadLetterReason, Counter> pairsRejected = new EnumMap<>(DeadLetterReason.class);
    private final Map<RewardStatus, Counter> emitted = new EnumMap<>(RewardStatus.class);
    private final Timer rewardLatency;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger pendingPairs = new AtomicInteger();

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("arbiter.candidates.accepted")
                .description("Candidates accepted for judging").register(registry);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            rejected.put(r, Counter.builder("arbiter.candidates.rejected").tag("reason", r.name())
                    .description("Candidates-topic records sent to the dead-letter topic").register(registry));
            pairsRejected.put(r, Counter.builder("arbiter.pairwise.rejected").tag("reason", r.name())
                    .description("Pairwise-requests records sent to the dead-letter topic").register(registry));
        }
        this.pairsAccepted = Counter.builder("arbiter.pairwise.accepted")
                .description("Pairwise requests accepted for judging").register(registry);
        for (RewardStatus s : RewardStatus.values()) {
            emitted.put(s, Counter.builder("arbiter.rewards.emitted").tag("status", s.name())
                    .description("Reward records emitted").register(registry));
        }
        this.rewardLatency = Timer.builder("arbiter.reward.latency")
                .description("From acceptance of a candidate to emission of its reward")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        Gauge.builder("arbiter.pending.candidates", pending, AtomicInteger::get)
                .description("Accepted candidates whose reward is not yet emitted (this instance)")
                .register(registry);
        Gauge.builder("arbiter.pending.pairs", pendingPairs, AtomicInteger::get)
                .description("Accepted pairwise requests whose result is not yet emitted (this instance)")
                .register(registry);
    }

    /** Exposes the dispatcher's queue depths as gauges. */
    public void bind(JudgeDispatcher dispatcher) {
        Gauge.builder("arbiter.judge.dispatch.inflight", dispatcher, JudgeDispatcher::inFlight)
                .description("Judge calls outstanding from this instance").register(registry);
        Gauge.builder("arbiter.judge.dispatch.waiting", dispatcher, JudgeDispatcher::waiting)
                .description("Judge calls waiting for an in-flight slot").register(registry);
    }

    public void accepted() {
        accepted.increment();
    }

    public void rejected(DeadLetterReason reason) {
        rejected.get(reason).increment();
    }

    public void emitted(RewardStatus status, Duration sinceAccepted) {
        emitted.get(status).increment();
        rewardLatency.record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
    }

    /** A failed judge call scheduled again; the kind is lower case, as in arbiter.judge.requests{outcome}. */
    public void retried(String kind) {
        registry.counter("arbiter.judge.retries", "kind", kind.toLowerCase(java.util.Locale.ROOT)).increment();
    }

    public void pendingDelta(int delta) {
        pending.addAndGet(delta);
    }

    public double acceptedCount() {
        return accepted.count();
    }

    public double emittedCount(RewardStatus status) {
        return emitted.get(status).count();
    }

    public double rejectedCount(DeadLetterReason reason) {
        return rejected.get(reason).count();
    }

    public void pairwiseAccepted() {
        pairsAccepted.increment();
    }

    public void pairwiseRejected(DeadLetterReason reason) {
        pairsRejected.get(reason).increment();
    }

    public void pendingPairsDelta(int delta) {
        pendingPairs.addAndGet(delta);
    }

    /**
     * One pairwise result. Position consistency is counted only when both orders were judged and
     * parsed, so {@code consistent / (consistent + inconsistent)} is the judge's consistency rate.
     */
    public void pairwiseEmitted(RewardStatus status, boolean consistencyMeasured, boolean consistent) {
        registry.counter("arbiter.pairwise.results", "status", status.name()).increment();
        if (consistencyMeasured) {
            registry.counter("arbiter.pairwise.consistency", "result", consistent ? "consistent" : "inconsistent").increment();
        }
    }
}
