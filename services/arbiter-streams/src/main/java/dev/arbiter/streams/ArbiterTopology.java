package dev.arbiter.streams;

import dev.arbiter.streams.emit.RewardAssembler;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.streams.intake.CandidateIntakeProcessor;
import dev.arbiter.streams.intake.CandidateValidator;
import dev.arbiter.streams.intake.DeadLetterRoute;
import dev.arbiter.streams.intake.InputLimits;
import dev.arbiter.streams.intake.RecentIds;
import dev.arbiter.streams.intake.RecordDecoder;
import dev.arbiter.streams.intake.ResponseScreen;
import dev.arbiter.streams.judging.InFlightJudgementProcessor;
import dev.arbiter.streams.judging.InFlightSettings;
import dev.arbiter.streams.judging.JudgeDispatcher;
import dev.arbiter.streams.judging.JudgingPlan;
import dev.arbiter.streams.judging.RetryPolicy;
import dev.arbiter.streams.metrics.PipelineMetrics;
import dev.arbiter.streams.pairwise.InFlightPairwiseProcessor;
import dev.arbiter.streams.pairwise.PairwiseIntakeProcessor;
import dev.arbiter.streams.pairwise.PairwiseParts;
import dev.arbiter.streams.topics.ArbiterTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires Arbiter's Kafka Streams topology:
 *
 * <pre>
 * candidates (bytes) ─► intake ─┬─► in-flight judging ─┬─► rewards
 *                               │   [pending store]    └─► critiques
 *                               └─► dead-letter
 * </pre>
 *
 * Intake decodes and validates; the in-flight stage keeps a changelogged store of accepted
 * candidates, talks to the judge asynchronously, and emits one reward and one critique per
 * candidate. Candidates are keyed by prompt id upstream, so all candidates of a prompt are
 * judged by the same task, which groups them for the judge's prefix cache.
 *
 * <p>When the judge profile offers pairwise comparison, a second branch reads pairwise requests,
 * keeps its own changelogged store of pending pairs, and writes one consolidated result per
 * pair; its rejects share the dead-letter topic.
 */
public final class ArbiterTopology {

    public static final String SOURCE = "candidates-source";
    public static final String INTAKE = "intake";
    public static final String JUDGING = "in-flight-judging";
    public static final String REWARDS_SINK = "rewards-sink";
    public static final String CRITIQUES_SINK = "critiques-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String PENDING_STORE = "pending-judgements";
    public static final String SEEN_STORE = "accepted-candidate-ids";
    public static final String PAIRWISE_SOURCE = "pairwise-source";
    public static final String PAIRWISE_INTAKE = "pairwise-intake";
    public static final String PAIRWISE_JUDGING = "pairwise-judging";
    public static final String PAIRWISE_SINK = "pairwise-results-sink";
    public static final String PAIRWISE_STORE = "pending-pairwise";
    public static final String PAIRWISE_SEEN_STORE = "accepted-pair-ids";

    /** Collaborators and settings the topology is built from. */
    public record Parts(
            ArbiterTopics topics,
            RecordDecoder<CandidateGeneration> decoder,
            InputLimits limits,
            CandidateValidator validator,
            ResponseScreen screen,
            JudgingPlan plan,
            JudgeDispatcher dispatcher,
            RewardAssembler assembler,
            RetryPolicy retry,
            InFlightSettings inFlight,
            Duration dedupeWindow,
            PipelineMetrics metrics,
            Clock clock,
            java.util.Optional<PairwiseParts> pairwise) {
        public Parts {
            Objects.requireNonNull(topics);
            Objects.requireNonNull(decoder);
            Objects.requireNonNull(limits);
            Objects.requireNonNull(validator);
            Objects.requireNonNull(screen);
            Objects.requireNonNull(plan);
            Objects.requireNonNull(dispatcher);
            Objects.requireNonNull(assembler);
            Objects.requireNonNull(retry);
            Objects.requireNonNull(inFlight);
            Objects.requireNonNull(dedupeWindow);
            Objects.requireNonNull(metrics);
            Objects.requireNonNull(clock);
            Objects.requireNonNull(pairwise);
        }
    }

    private ArbiterTopology() {}

    public static Topology build(Parts p) {
        ArbiterTopics t = p.topics();
        Topology topology = new Topology();
        topology.addSource(SOURCE, t.candidates().keySerde().deserializer(),
                t.candidates().valueSerde().deserializer(), t.candidates().name());

        DeadLetterRoute deadLetters = new DeadLetterRoute(DEAD_LETTER_SINK, p.metrics()::rejected, p.clock());
        topology.addProcessor(INTAKE, () -> new CandidateIntakeProcessor(
                p.decoder(), p.limits(), p.validator(), p.screen(), p.plan(), SEEN_STORE, p.dedupeWindow(), JUDGING, deadLetters), SOURCE);
        topology.addProcessor(JUDGING, () -> new InFlightJudgementProcessor(
                PENDING_STORE, REWARDS_SINK, CRITIQUES_SINK, p.dispatcher(), p.plan(), p.assembler(),
                p.retry(), p.inFlight(), p.metrics(), p.clock()), INTAKE);

        topology.addStateStore(RecentIds.storeBuilder(SEEN_STORE, p.dedupeWindow()), INTAKE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), t.pendingSerde()), JUDGING);

        topology.addSink(REWARDS_SINK, t.rewards().name(), t.rewards().keySerde().serializer(),
                t.rewards().valueSerde().serializer(), JUDGING);
        topology.addSink(CRITIQUES_SINK, t.critiques().name(), t.critiques().keySerde().serializer(),
                t.critiques().valueSerde().serializer(), JUDGING);
        String[] deadLetterParents = p.pairwise().isPresent() ? new String[] {INTAKE, PAIRWISE_INTAKE} : new String[] {INTAKE};
        p.pairwise().ifPresent(pw -> addPairwise(topology, p, pw,
                new DeadLetterRoute(DEAD_LETTER_SINK, p.metrics()::pairwiseRejected, p.clock())));
        topology.addSink(DEAD_LETTER_SINK, t.deadLetter().name(), t.deadLetter().keySerde().serializer(),
                t.deadLetter().valueSerde().serializer(), deadLetterParents);
        return topology;
    }

    private static void addPairwise(Topology topology, Parts p, PairwiseParts pw, DeadLetterRoute deadLetters) {
        topology.addSource(PAIRWISE_SOURCE, pw.requests().keySerde().deserializer(),
                pw.requests().valueSerde().deserializer(), pw.requests().name());
        topology.addProcessor(PAIRWISE_INTAKE, () -> new PairwiseIntakeProcessor(pw.decoder(),
                p.limits(), p.screen(), pw.plan().protocol().needsReference(), PAIRWISE_STORE, PAIRWISE_SEEN_STORE, p.dedupeWindow(),
                PAIRWISE_JUDGING, deadLetters), PAIRWISE_SOURCE);
        topology.addStateStore(RecentIds.storeBuilder(PAIRWISE_SEEN_STORE, p.dedupeWindow()), PAIRWISE_INTAKE);
        topology.addProcessor(PAIRWISE_JUDGING, () -> new InFlightPairwiseProcessor(PAIRWISE_STORE, p.dispatcher(),
                pw.plan(), pw.assembler(), p.retry(), p.inFlight().maxPendingPerTask(), p.inFlight().drainInterval(),
                p.metrics(), p.clock()), PAIRWISE_INTAKE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PAIRWISE_STORE), Serdes.String(), pw.pendingSerde()),
                PAIRWISE_INTAKE, PAIRWISE_JUDGING);
        topology.addSink(PAIRWISE_SINK, pw.results().name(), pw.results().keySerde().serializer(),
                pw.results().valueSerde().serializer(), PAIRWISE_JUDGING);
    }
}
