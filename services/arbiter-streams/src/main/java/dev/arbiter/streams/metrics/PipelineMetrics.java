package dev.arbiter.streams.metrics;

import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.bestofn.GroupMeters;
import dev.arbiter.streams.engine.EngineMetrics;
import dev.arbiter.streams.engine.JudgeDispatcher;
import dev.arbiter.streams.health.JudgeHealthMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline's Micrometer meters, named after what they count with the variants as tags
 * ({@code arbiter.candidates.rejected{reason=EMPTY_RESPONSE}}), per Micrometer's naming
 * conventions. Meters are created once here so hot paths only increment. The in-flight engine
 * reports through one {@link EngineMetrics} view per branch ({@link #candidates()},
 * {@link #pairs()}, {@link #probes()}), whose series differ by name where they always have (pending candidates,
 * pending pairs) and by a {@code branch} tag where they are new. The catalogue is in
 * docs/operations.md.
 */
public final class PipelineMetrics {

    private final MeterRegistry registry;
    private final Map<DeadLetterReason, Counter> rejected = new EnumMap<>(DeadLetterReason.class);
    private final Map<DeadLetterReason, Counter> pairsRejected = new EnumMap<>(DeadLetterReason.class);
    private final Map<RewardStatus, Counter> emitted = new EnumMap<>(RewardStatus.class);
    private final Timer rewardLatency;
    private final BranchMeters candidates;
    private final BranchMeters pairs;
    private final BranchMeters probes;
    private final BranchMeters selections;
    private final JudgeHealthMeters judgeHealth;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.judgeHealth = new JudgeHealthMeters(registry);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            rejected.put(r, Counter.builder("arbiter.candidates.rejected").tag("reason", r.name())
                    .description("Candidates-topic records sent to the dead-letter topic").register(registry));
            pairsRejected.put(r, Counter.builder("arbiter.pairwise.rejected").tag("reason", r.name())
                    .description("Pairwise-requests records sent to the dead-letter topic").register(registry));
        }
        for (RewardStatus s : RewardStatus.values()) {
            emitted.put(s, Counter.builder("arbiter.rewards.emitted").tag("status", s.name())
                    .description("Reward records emitted").register(registry));
        }
        // Histogram buckets, not client-side percentiles: buckets add up across instances, so
        // Prometheus can compute a fleet-wide quantile (histogram_quantile over the summed rate).
        this.rewardLatency = Timer.builder("arbiter.reward.latency")
                .description("From acceptance of a candidate to emission of its reward")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.candidates = new BranchMeters("grading", "arbiter.candidates.accepted", "Candidates accepted for judging",
                "arbiter.pending.candidates", "Accepted candidates whose reward is not yet emitted (this instance)");
        this.pairs = new BranchMeters("pairwise", "arbiter.pairwise.accepted", "Pairwise requests accepted for judging",
                "arbiter.pending.pairs", "Accepted pairwise requests whose result is not yet emitted (this instance)");
        this.probes = new BranchMeters("probe", "arbiter.probes.accepted", "Consistency probes formed and stored for judging",
                "arbiter.pending.probes", "Consistency probes not yet judged (this instance)");
        this.selections = new BranchMeters("selection", "arbiter.selections.accepted",
                "Closed best-of-N groups whose selection needs pairwise matches", "arbiter.pending.selections",
                "Best-of-N selections not yet decided (this instance)");
    }

    /** How the judge is doing: parse failures, position bias, verbosity, rating distribution. */
    public JudgeHealthMeters judgeHealth() {
        return judgeHealth;
    }

    /** The grading branch's engine meters. */
    public EngineMetrics candidates() {
        return candidates;
    }

    /** The pairwise branch's engine meters. */
    public EngineMetrics pairs() {
        return pairs;
    }

    /** The probe branch's engine meters. */
    public EngineMetrics probes() {
        return probes;
    }

    /** The selection branch's engine meters. */
    public EngineMetrics selections() {
        return selections;
    }

    /** Best-of-N grouping and selection: groups closed (by reason), late rewards, records and preference pairs. */
    public GroupMeters groups() {
        return new GroupMeters() {
            @Override
            public void closed(String reason) {
                registry.counter("arbiter.groups.closed", "reason", reason).increment();
            }

            @Override
            public void late() {
                registry.counter("arbiter.groups.late").increment();
            }

            @Override
            public void selected(String strategy, boolean paired) {
                registry.counter("arbiter.groups.selected", "strategy", strategy).increment();
                if (paired) registry.counter("arbiter.preference.pairs", "strategy", strategy).increment();
            }
        };
    }

    /** Exposes the dispatcher's queue depths as gauges. */
    public void bind(JudgeDispatcher dispatcher) {
        Gauge.builder("arbiter.judge.dispatch.inflight", dispatcher, JudgeDispatcher::inFlight)
                .description("Judge calls outstanding from this instance").register(registry);
        Gauge.builder("arbiter.judge.dispatch.waiting", dispatcher, JudgeDispatcher::waiting)
                .description("Judge calls waiting for an in-flight slot").register(registry);
    }

    public void rejected(DeadLetterReason reason) {
        rejected.get(reason).increment();
    }

    public void pairwiseRejected(DeadLetterReason reason) {
        pairsRejected.get(reason).increment();
    }

    public void emitted(RewardStatus status, Duration sinceAccepted) {
        emitted.get(status).increment();
        rewardLatency.record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
    }

    /** One pairwise result written (its judge-health measures go to {@link #judgeHealth()}). */
    public void pairwiseEmitted(RewardStatus status) {
        registry.counter("arbiter.pairwise.results", "status", status.name()).increment();
    }

    /** One consistency probe judged (its measures go to {@link #judgeHealth()}, never to a topic of results). */
    public void probeEmitted(RewardStatus status) {
        registry.counter("arbiter.probes.judged", "status", status.name()).increment();
    }

    /**
     * A sampled group that gave no probe, and why: its two candidates were identical, the partner
     * never came, or the profile cannot compare them (a lower-case dead-letter reason).
     */
    public void probeSkipped(String reason) {
        registry.counter("arbiter.probes.skipped", "reason", reason).increment();
    }

    /** One branch's view: its acceptance counter and pending gauge, and the shared judge-call meters. */
    private final class BranchMeters implements EngineMetrics {
        private final String branch;
        private final Counter accepted;
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicInteger active = new AtomicInteger();

        BranchMeters(String branch, String acceptedName, String acceptedDescription, String pendingName,
                     String pendingDescription) {
            this.branch = branch;
            this.accepted = Counter.builder(acceptedName).description(acceptedDescription).register(registry);
            Gauge.builder(pendingName, pending, AtomicInteger::get).description(pendingDescription).register(registry);
            Gauge.builder("arbiter.engine.active", active, AtomicInteger::get).tag("branch", branch)
                    .description("Items being judged and held in memory (the tasks' windows, this instance)")
                    .register(registry);
        }

        @Override
        public void accepted() {
            accepted.increment();
        }

        @Override
        public void pendingDelta(int delta) {
            pending.addAndGet(delta);
        }

        @Override
        public void activeDelta(int delta) {
            active.addAndGet(delta);
        }

        /** A failed judge call scheduled again; the kind is lower case, as in arbiter.judge.requests{outcome}. */
        @Override
        public void retried(JudgeTransportException.Kind kind) {
            registry.counter("arbiter.judge.retries", "kind", kind.name().toLowerCase(Locale.ROOT)).increment();
        }

        @Override
        public void gaveUp(JudgeTransportException.Kind kind) {
            registry.counter("arbiter.judge.given.up", "kind", kind.name().toLowerCase(Locale.ROOT), "branch", branch)
                    .increment();
        }

        @Override
        public void withdrawn(String flag) {
            registry.counter("arbiter.engine.withdrawn", "branch", branch, "reason", flag).increment();
        }
    }
}
