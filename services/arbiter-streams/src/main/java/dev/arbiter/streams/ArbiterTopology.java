package dev.arbiter.streams;

import dev.arbiter.judge.scenario.ScenarioGroups;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.schema.PendingSelection;
import dev.arbiter.streams.bestofn.GroupCollectorProcessor;
import dev.arbiter.streams.bestofn.GroupMeters;
import dev.arbiter.streams.bestofn.GroupRule;
import dev.arbiter.streams.bestofn.GroupSettings;
import dev.arbiter.streams.bestofn.SelectionBranch;
import dev.arbiter.streams.bestofn.SelectionOutcome;
import dev.arbiter.streams.engine.EngineSettings;
import dev.arbiter.streams.engine.InFlightEngine;
import dev.arbiter.streams.engine.JudgeDispatcher;
import dev.arbiter.streams.engine.RetryPolicy;
import dev.arbiter.streams.grading.CandidateGrading;
import dev.arbiter.streams.grading.GradedOutputs;
import dev.arbiter.streams.engine.Branch;
import dev.arbiter.streams.engine.EngineMetrics;
import dev.arbiter.streams.health.JudgeHealthMeters;
import dev.arbiter.streams.health.JudgeHealthProcessor;
import dev.arbiter.streams.health.Observations;
import dev.arbiter.streams.intake.AcceptanceRule;
import dev.arbiter.streams.intake.CandidateIntakeProcessor;
import dev.arbiter.streams.intake.CandidateValidator;
import dev.arbiter.streams.intake.DeadLetterRoute;
import dev.arbiter.streams.intake.InputLimits;
import dev.arbiter.streams.intake.RecentIds;
import dev.arbiter.streams.intake.RecordDecoder;
import dev.arbiter.streams.intake.ResponseScreen;
import dev.arbiter.streams.metrics.PipelineMetrics;
import dev.arbiter.streams.pairwise.PairwiseBranch;
import dev.arbiter.streams.pairwise.PairwiseIntakeProcessor;
import dev.arbiter.streams.pairwise.PairwiseParts;
import dev.arbiter.streams.pairwise.PairwisePlan;
import dev.arbiter.streams.probe.ProbePairingProcessor;
import dev.arbiter.streams.probe.ProbeSampler;
import dev.arbiter.streams.topics.ArbiterTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires Arbiter's Kafka Streams topology:
 *
 * <pre>
 * candidates (bytes) ─► intake ─┬─► in-flight engine: grading ─┬─► rewards
 *                               │   [pending, attempts stores] ├─► critiques
 *                               │                              ├─► judge health ─► judge metrics
 *                               │                              └─► groups ─┬─► best-of-N, preference pairs
 *                               │                         [open, closed]   └─► in-flight engine: selection
 *                               │                                              ─► best-of-N, preference pairs
 *                               ├─► probe pairing ─► in-flight engine: probes ──► judge health
 *                               │   [partners store]
 *                               └─► dead-letter
 * pairwise requests  ─► intake ─┬─► in-flight engine: pairwise ─┬─► pairwise results
 *                               │                               └─► judge health
 *                               └─► dead-letter
 * </pre>
 *
 * Intake decodes, limits, validates and screens; the {@link InFlightEngine} keeps a changelogged
 * store of accepted items, talks to the judge asynchronously, and emits each item's outputs
 * once. Candidates are keyed by prompt id upstream, so all candidates of a prompt are judged by
 * the same task, which groups them for the judge's prefix cache. Both branches are always built,
 * whatever the judge profile offers: a deployment whose profile compares no pairs turns pairwise
 * requests away at intake and answers pairs left pending by an earlier deployment, and the
 * topology keeps one shape, so its task and store layout never changes with the profile. For the
 * same reason the probe branch is always built; a probe rate of 0 only stops it being fed. Every
 * engine tells the judge-health stage what it judged, in the transaction that emits it, and that
 * stage keeps the meters and the windowed judge-metrics records.
 */
public final class ArbiterTopology {

    public static final String SOURCE = "candidates-source";
    public static final String INTAKE = "intake";
    public static final String JUDGING = "in-flight-judging";
    public static final String REWARDS_SINK = "rewards-sink";
    public static final String CRITIQUES_SINK = "critiques-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String PENDING_STORE = "pending-judgements";
    public static final String ATTEMPTS_STORE = "judgement-attempts";
    public static final String SEEN_STORE = "accepted-candidate-ids";
    public static final String PAIRWISE_SOURCE = "pairwise-source";
    public static final String PAIRWISE_INTAKE = "pairwise-intake";
    public static final String PAIRWISE_JUDGING = "pairwise-judging";
    public static final String PAIRWISE_SINK = "pairwise-results-sink";
    public static final String PAIRWISE_STORE = "pending-pairwise";
    public static final String PAIRWISE_ATTEMPTS_STORE = "pairwise-attempts";
    public static final String PAIRWISE_SEEN_STORE = "accepted-pair-ids";
    public static final String PROBE_PAIRING = "probe-pairing";
    public static final String PROBE_JUDGING = "probe-judging";
    public static final String PROBE_PARTNERS_STORE = "probe-partners";
    public static final String PROBE_STORE = "pending-probes";
    public static final String PROBE_ATTEMPTS_STORE = "probe-attempts";
    public static final String JUDGE_HEALTH = "judge-health";
    public static final String JUDGE_METRICS_STORE = "judge-metrics-windows";
    public static final String JUDGE_METRICS_SINK = "judge-metrics-sink";
    public static final String GROUPS = "best-of-n-groups";
    public static final String GROUPS_STORE = "open-groups";
    public static final String CLOSED_GROUPS_STORE = "closed-groups";
    public static final String SELECTION = "best-of-n-selection";
    public static final String SELECTION_STORE = "pending-selections";
    public static final String SELECTION_ATTEMPTS_STORE = "selection-attempts";
    public static final String BEST_OF_N_SINK = "best-of-n-sink";
    public static final String PREFERENCE_PAIRS_SINK = "preference-pairs-sink";

    /**
     * How the judge is watched.
     *
     * @param probes              which groups get a consistency probe
     * @param probePartnerTimeout how long a probe's first candidate waits for its partner
     * @param metricsWindow       length of the tumbling windows of the judge-metrics topic
     */
    public record HealthParts(ProbeSampler probes, Duration probePartnerTimeout, Duration metricsWindow) {
        public HealthParts {
            Objects.requireNonNull(probes);
            Objects.requireNonNull(probePartnerTimeout);
            Objects.requireNonNull(metricsWindow);
        }
    }

    /** Collaborators and settings the topology is built from. */
    public record Parts(
            ArbiterTopics topics,
            RecordDecoder<CandidateGeneration> decoder,
            InputLimits limits,
            CandidateValidator validator,
            ResponseScreen screen,
            CandidateGrading grading,
            JudgeDispatcher dispatcher,
            RetryPolicy retry,
            EngineSettings engine,
            Duration dedupeWindow,
            PipelineMetrics metrics,
            Clock clock,
            PairwiseParts pairwise,
            HealthParts health,
            GroupSettings groups) {
        public Parts {
            Objects.requireNonNull(topics);
            Objects.requireNonNull(decoder);
            Objects.requireNonNull(limits);
            Objects.requireNonNull(validator);
            Objects.requireNonNull(screen);
            Objects.requireNonNull(grading);
            Objects.requireNonNull(dispatcher);
            Objects.requireNonNull(retry);
            Objects.requireNonNull(engine);
            Objects.requireNonNull(dedupeWindow);
            Objects.requireNonNull(metrics);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(pairwise);
            Objects.requireNonNull(health);
            Objects.requireNonNull(groups);
        }
    }

    private ArbiterTopology() {}

    public static Topology build(Parts p) {
        ArbiterTopics t = p.topics();
        Topology topology = new Topology();
        topology.addSource(SOURCE, t.candidates().keySerde().deserializer(),
                t.candidates().valueSerde().deserializer(), t.candidates().name());

        DeadLetterRoute deadLetters = new DeadLetterRoute(DEAD_LETTER_SINK, p.metrics()::rejected, p.clock());
        GroupRule groupRule = new GroupRule(p.groups().maxGroupSize());
        AcceptanceRule<CandidateGeneration> acceptance = c -> p.grading().check(c).or(() -> groupRule.check(c));
        topology.addProcessor(INTAKE, () -> new CandidateIntakeProcessor(p.decoder(), p.limits(), p.validator(),
                p.screen(), acceptance, PENDING_STORE, SEEN_STORE, p.dedupeWindow(), List.of(JUDGING, PROBE_PAIRING),
                deadLetters), SOURCE);
        Branch<CandidateGeneration, PendingJudgement, ?> grading = p.grading().branch(
                new GradedOutputs(REWARDS_SINK, CRITIQUES_SINK, List.of(JUDGE_HEALTH, GROUPS)), p.metrics());
        topology.addProcessor(JUDGING, () -> engine(grading, PENDING_STORE, ATTEMPTS_STORE, p, p.metrics().candidates()),
                INTAKE);
        topology.addStateStore(RecentIds.storeBuilder(SEEN_STORE, p.dedupeWindow()), INTAKE);
        addEngineStores(topology, PENDING_STORE, ATTEMPTS_STORE, t.pendingJudgements(), INTAKE, JUDGING);
        topology.addSink(REWARDS_SINK, t.rewards().name(), t.rewards().keySerde().serializer(),
                t.rewards().valueSerde().serializer(), JUDGING);
        topology.addSink(CRITIQUES_SINK, t.critiques().name(), t.critiques().keySerde().serializer(),
                t.critiques().valueSerde().serializer(), JUDGING);

        addPairwise(topology, p, p.pairwise(), new DeadLetterRoute(DEAD_LETTER_SINK, p.metrics()::pairwiseRejected, p.clock()));
        addProbes(topology, p);
        addBestOfN(topology, p);
        addJudgeHealth(topology, p);
        topology.addSink(DEAD_LETTER_SINK, t.deadLetter().name(), t.deadLetter().keySerde().serializer(),
                t.deadLetter().valueSerde().serializer(), INTAKE, PAIRWISE_INTAKE);
        return topology;
    }

    private static void addPairwise(Topology topology, Parts p, PairwiseParts pw, DeadLetterRoute deadLetters) {
        ArbiterTopics t = p.topics();
        topology.addSource(PAIRWISE_SOURCE, t.pairwiseRequests().keySerde().deserializer(),
                t.pairwiseRequests().valueSerde().deserializer(), t.pairwiseRequests().name());
        PairwisePlan plan = pw.plan();
        topology.addProcessor(PAIRWISE_INTAKE, () -> new PairwiseIntakeProcessor(pw.decoder(), p.limits(), p.screen(),
                plan::check, PAIRWISE_STORE, PAIRWISE_SEEN_STORE, p.dedupeWindow(), PAIRWISE_JUDGING, deadLetters),
                PAIRWISE_SOURCE);
        topology.addStateStore(RecentIds.storeBuilder(PAIRWISE_SEEN_STORE, p.dedupeWindow()), PAIRWISE_INTAKE);
        PairwiseBranch branch = PairwiseBranch.requests(plan, pw.assembler(), PAIRWISE_SINK, JUDGE_HEALTH,
                p.metrics()::pairwiseEmitted);
        topology.addProcessor(PAIRWISE_JUDGING, () -> new InFlightEngine<PairwiseRequest, PendingPairwise, List<PairwisePlan.Call>>(
                branch, PAIRWISE_STORE, PAIRWISE_ATTEMPTS_STORE, p.dispatcher(), p.retry(), p.engine(),
                p.metrics().pairs(), p.clock()), PAIRWISE_INTAKE);
        addEngineStores(topology, PAIRWISE_STORE, PAIRWISE_ATTEMPTS_STORE, t.pendingPairs(), PAIRWISE_INTAKE,
                PAIRWISE_JUDGING);
        topology.addSink(PAIRWISE_SINK, t.pairwiseResults().name(), t.pairwiseResults().keySerde().serializer(),
                t.pairwiseResults().valueSerde().serializer(), PAIRWISE_JUDGING);
    }

    /** Consistency probes: paired from accepted candidates, judged in both orders, told only to judge health. */
    private static void addProbes(Topology topology, Parts p) {
        ArbiterTopics t = p.topics();
        HealthParts h = p.health();
        PairwiseBranch branch = PairwiseBranch.probes(p.pairwise().plan(), p.pairwise().assembler(), JUDGE_HEALTH,
                p.metrics()::probeEmitted);
        PairwisePlan probePlan = p.pairwise().plan().inBothOrders();
        topology.addProcessor(PROBE_PAIRING, () -> new ProbePairingProcessor(h.probes(), probePlan::check,
                PROBE_PARTNERS_STORE, PROBE_STORE, h.probePartnerTimeout(), p.metrics()::probeSkipped, PROBE_JUDGING,
                p.clock()), INTAKE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROBE_PARTNERS_STORE),
                Serdes.String(), t.pendingJudgements()), PROBE_PAIRING);
        topology.addProcessor(PROBE_JUDGING, () -> new InFlightEngine<PairwiseRequest, PendingPairwise, List<PairwisePlan.Call>>(
                branch, PROBE_STORE, PROBE_ATTEMPTS_STORE, p.dispatcher(), p.retry(), p.engine(), p.metrics().probes(),
                p.clock()), PROBE_PAIRING);
        addEngineStores(topology, PROBE_STORE, PROBE_ATTEMPTS_STORE, t.pendingPairs(), PROBE_PAIRING, PROBE_JUDGING);
    }

    /**
     * Best-of-N: rewards gathered into groups; a closed group's selection judged by its own engine
     * when it needs matches; one best-of-N record and at most one preference pair per group.
     */
    private static void addBestOfN(Topology topology, Parts p) {
        ArbiterTopics t = p.topics();
        GroupSettings settings = p.groups();
        PairwisePlan matchPlan = p.pairwise().plan().inBothOrders();
        SelectionOutcome outcome = new SelectionOutcome(settings, matchPlan.judge());
        GroupMeters meters = p.metrics().groups();
        topology.addProcessor(GROUPS, () -> new GroupCollectorProcessor(settings, outcome, matchPlan::comparesPairs,
                GROUPS_STORE, CLOSED_GROUPS_STORE, SELECTION_STORE, SELECTION, BEST_OF_N_SINK, PREFERENCE_PAIRS_SINK,
                meters, p.clock()), JUDGING);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUPS_STORE),
                Serdes.String(), t.pendingGroups()), GROUPS);
        topology.addStateStore(RecentIds.storeBuilder(CLOSED_GROUPS_STORE, settings.closedMemory()), GROUPS);
        SelectionBranch branch = new SelectionBranch(settings, matchPlan, p.pairwise().assembler(), BEST_OF_N_SINK,
                PREFERENCE_PAIRS_SINK, JUDGE_HEALTH, meters);
        topology.addProcessor(SELECTION, () -> new InFlightEngine<PendingSelection, PendingSelection, List<SelectionBranch.MatchWork>>(
                branch, SELECTION_STORE, SELECTION_ATTEMPTS_STORE, p.dispatcher(), p.retry(), p.engine(),
                p.metrics().selections(), p.clock()), GROUPS);
        addEngineStores(topology, SELECTION_STORE, SELECTION_ATTEMPTS_STORE, t.pendingSelections(), GROUPS, SELECTION);
        topology.addSink(BEST_OF_N_SINK, t.bestOfN().name(), t.bestOfN().keySerde().serializer(),
                t.bestOfN().valueSerde().serializer(), GROUPS, SELECTION);
        topology.addSink(PREFERENCE_PAIRS_SINK, t.preferencePairs().name(), t.preferencePairs().keySerde().serializer(),
                t.preferencePairs().valueSerde().serializer(), GROUPS, SELECTION);
    }

    /** The judge-health stage every engine reports to, and the judge-metrics topic it writes. */
    private static void addJudgeHealth(Topology topology, Parts p) {
        ArbiterTopics t = p.topics();
        Duration window = p.health().metricsWindow();
        JudgeHealthMeters meters = p.metrics().judgeHealth();
        Observations observations = new Observations(ScenarioGroups.autoJ());
        topology.addProcessor(JUDGE_HEALTH, () -> new JudgeHealthProcessor(observations, meters, window,
                JUDGE_METRICS_STORE, p.clock()), JUDGING, PAIRWISE_JUDGING, PROBE_JUDGING, SELECTION);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JUDGE_METRICS_STORE),
                Serdes.String(), t.judgeMetricsWindows()), JUDGE_HEALTH);
        topology.addSink(JUDGE_METRICS_SINK, t.judgeMetrics().name(), t.judgeMetrics().keySerde().serializer(),
                t.judgeMetrics().valueSerde().serializer(), JUDGE_HEALTH);
    }

    /** An engine for a branch whose prepared-work type the caller does not name. */
    private static <I, S, P> InFlightEngine<I, S, P> engine(Branch<I, S, P> branch, String pendingStore, String attemptsStore,
                                                            Parts p, EngineMetrics meters) {
        return new InFlightEngine<>(branch, pendingStore, attemptsStore, p.dispatcher(), p.retry(), p.engine(), meters,
                p.clock());
    }

    /**
     * The changelog topics of the stores whose values are Arbiter's own Avro records (the
     * registry's compatibility rules apply to them too). Kafka Streams names a store's changelog
     * {@code <application id>-<store>-changelog}.
     */
    public static List<String> avroChangelogs(String applicationId) {
        return List.of(PENDING_STORE, PAIRWISE_STORE, PROBE_STORE, PROBE_PARTNERS_STORE, JUDGE_METRICS_STORE, GROUPS_STORE,
                        SELECTION_STORE).stream()
                .map(store -> applicationId + "-" + store + "-changelog").toList();
    }

    /**
     * The two changelogged stores of one engine: pending items (read by the intake too, to turn
     * away an id that is still pending) and their attempt counts (the engine's alone).
     */
    private static <S> void addEngineStores(Topology topology, String pendingStore, String attemptsStore,
                                            Serde<S> pendingSerde, String intake, String engine) {
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(pendingStore), Serdes.String(), pendingSerde), intake, engine);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(attemptsStore), Serdes.String(), Serdes.Integer()), engine);
    }
}
