package dev.arbiter.devkit.demo;

import dev.arbiter.app.config.DemoSettings;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PolicyRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the policy workers of an RL loop: writes {@link CandidateGeneration} records for the
 * demo prompts to the candidates topic, N per prompt (one best-of-N group), keyed by
 * {@code prompt_id} so a group shares a partition, at a fixed rate, until
 * {@code total-candidates} are written or {@link #stop()} is called. With
 * {@code malformed-every = k > 0}, after every k-th candidate it also writes one
 * {@link MalformedRecord} (extra, so every group still completes) to show the dead-letter path.
 * Given a {@link PairTarget} and {@code pairs-every = m > 0}, after every m-th complete group it
 * also writes one {@link PairwiseRequest}: the group's GOOD answer against another of its answers,
 * as response A in even-numbered pairs and as B in odd ones, so the demo shows whether the judge
 * prefers the better answer wherever it stands.
 *
 * <p>Values are serialised here with the injected (registry) serializer and sent as bytes
 * through one producer, so good and malformed records share one idempotent producer and keep
 * their order. Build that producer with {@link #producerProperties}: {@code enable.idempotence}
 * and {@code acks=all} mean a broker retry can neither drop nor duplicate a candidate — the
 * demo's "exactly one reward per candidate" check relies on each candidate existing once.
 *
 * <p>Ids are derived from the run id and the seed: {@code prompt_id = <runId>:<demo prompt>:<round>},
 * {@code candidate_id} a name-based UUID of the run id and sequence number. Reruns with a new run
 * id therefore never collide with earlier candidates (which Arbiter would treat as duplicates),
 * while the same run id and seed reproduce a run exactly.
 */
public final class DemoLoad implements Runnable {

    /** Metadata key carrying the {@link ResponseStyle} of a candidate. */
    public static final String STYLE_METADATA = "demo.style";
    /** Metadata key carrying the demo prompt id a group was built from. */
    public static final String PROMPT_METADATA = "demo.prompt";
    /** Metadata key carrying the run id. */
    public static final String RUN_METADATA = "demo.run";
    /** Metadata keys of a pairwise request carrying the styles of its responses A and B. */
    public static final String STYLE_A_METADATA = "demo.style.a";
    public static final String STYLE_B_METADATA = "demo.style.b";
    static final PolicyRef POLICY = new PolicyRef("demo-policy", "v1");

    private static final Logger log = LoggerFactory.getLogger(DemoLoad.class);

    private final DemoSettings settings;
    private final String topic;
    private final PromptCatalog catalog;
    private final SyntheticPolicy policy;
    private final Serializer<CandidateGeneration> serializer;
    private final Producer<String, byte[]> producer;
    private final String runId;
    private final Clock clock;
    private final Optional<PairTarget> pairs;
    private final Pacer pacer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong candidatesAcked = new AtomicLong();
    private final AtomicLong malformedAcked = new AtomicLong();
    private final AtomicLong pairsAcked = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long pairsSent; // only touched by the load thread
    private long candidatesWritten; // only touched by the load thread
    private Shape shape = Shape.DEMO;

    /**
     * @param settings   rate, group size, total, malformed cadence and seed
     * @param topic      the candidates topic
     * @param catalog    prompts to answer, used round-robin
     * @param policy     writes the answers
     * @param serializer Confluent-wire-format Avro serializer for candidates (registry-backed)
     * @param producer   an idempotent producer, see {@link #producerProperties}; not closed here
     * @param runId      distinguishes this run's ids from earlier runs'
     * @param clock      source of {@code produced_at}
     * @param pairs      where pairwise requests go; empty when the judge profile has no pairwise protocol
     */
    public DemoLoad(DemoSettings settings, String topic, PromptCatalog catalog, SyntheticPolicy policy,
                    Serializer<CandidateGeneration> serializer, Producer<String, byte[]> producer,
                    String runId, Clock clock, Optional<PairTarget> pairs) {
        this(settings, topic, catalog, policy, serializer, producer, runId, clock, pairs,
                Pacer.realTime(settings.ratePerSecond()));
    }

    DemoLoad(DemoSettings settings, String topic, PromptCatalog catalog, SyntheticPolicy policy,
             Serializer<CandidateGeneration> serializer, Producer<String, byte[]> producer,
             String runId, Clock clock, Optional<PairTarget> pairs, Pacer pacer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.runId = Objects.requireNonNull(runId, "runId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pairs = Objects.requireNonNull(pairs, "pairs");
        this.pacer = pacer;
    }

    /**
     * Producer properties for the demo load: idempotent, {@code acks=all}, a short linger so
     * records batch without adding visible latency, and the operator's client pass-through
     * properties (security etc.) applied last.
     */
    public static Properties producerProperties(String bootstrapServers, Map<String, String> clientProperties) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "arbiter-demo-load");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putAll(clientProperties);
        return p;
    }

    /** A producer built from {@link #producerProperties}, String keys and raw byte values. */
    public static KafkaProducer<String, byte[]> newProducer(String bootstrapServers, Map<String, String> clientProperties) {
        return new KafkaProducer<>(producerProperties(bootstrapServers, clientProperties),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * How the load orders its records. {@code interleavedGroups} groups are answered together, their
     * candidates written round-robin (index 0 of each, then index 1, ...) the way parallel policy
     * workers' outputs arrive; 1 writes each group back to back. With {@code distinctRounds} every
     * round of a demo prompt carries its round in the first user turn, so no two groups share a
     * prompt and a judge's prefix cache can only help within a group, as in RL where a prompt is
     * rarely asked twice.
     */
    public record Shape(int interleavedGroups, boolean distinctRounds) {
        /** The demo's order: groups back to back, the demo prompts reused round after round. */
        public static final Shape DEMO = new Shape(1, false);

        public Shape {
            if (interleavedGroups < 1) throw new IllegalArgumentException("interleavedGroups must be >= 1");
        }
    }

    /** Orders the records as {@code shape} says (call before {@link #run()}); {@link Shape#DEMO} otherwise. */
    public DemoLoad withShape(Shape shape) {
        this.shape = Objects.requireNonNull(shape, "shape");
        return this;
    }

    /**
     * The candidates of the first {@code groups} groups, exactly as {@link #run()} would write them
     * (same ids, prompts and answers), without writing anything: what a benchmark sends to the
     * judge directly.
     */
    public List<CandidateGeneration> preview(int groups) {
        List<CandidateGeneration> out = new ArrayList<>();
        for (long g = 0; g < groups; g++) out.addAll(group(g, g * settings.candidatesPerPrompt()).candidates());
        return out;
    }

    private record Group(DemoPrompt prompt, List<ChatTurn> turns, List<CandidateGeneration> candidates) {}

    private Group group(long group, long firstSequence) {
        int n = settings.candidatesPerPrompt();
        List<DemoPrompt> prompts = catalog.prompts();
        DemoPrompt prompt = prompts.get((int) (group % prompts.size()));
        long round = group / prompts.size();
        String promptId = runId + ":" + prompt.promptId() + ":" + round;
        List<ChatTurn> turns = shape.distinctRounds() ? tagged(prompt.chatTurns(), "[task " + runId + "/" + round + "] ") : prompt.chatTurns();
        List<SyntheticResponse> responses = policy.respond(prompt, n, group);
        List<CandidateGeneration> candidates = new ArrayList<>(n);
        for (int index = 0; index < n; index++) {
            candidates.add(candidate(prompt, turns, promptId, index, responses.get(index), firstSequence + index));
        }
        return new Group(prompt, turns, candidates);
    }

    private static List<ChatTurn> tagged(List<ChatTurn> turns, String tag) {
        List<ChatTurn> out = new ArrayList<>(turns);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).getRole().equals("user")) {
                out.set(i, new ChatTurn("user", tag + out.get(i).getContent()));
                break;
            }
        }
        return out;
    }

    @Override
    public void run() {
        int n = settings.candidatesPerPrompt();
        long sequence = 0;
        long malformed = 0;
        try {
            for (long first = 0; running.get() && !done(sequence); ) {
                int chunk = shape.interleavedGroups();
                if (settings.bounded()) chunk = (int) Math.min(chunk, (settings.totalCandidates() - sequence + n - 1) / n);
                List<Group> groups = new ArrayList<>(chunk);
                for (int g = 0; g < chunk; g++) groups.add(group(first + g, sequence + (long) g * n));
                List<List<CandidateGeneration>> written = new ArrayList<>(chunk);
                for (int g = 0; g < chunk; g++) written.add(new ArrayList<>(n));
                for (int index = 0; index < n && running.get(); index++) {
                    for (int g = 0; g < chunk && running.get(); g++) {
                        pacer.awaitNext();
                        CandidateGeneration candidate = groups.get(g).candidates().get(index);
                        candidate.setProducedAt(clock.instant()); // when it is written, not when its group was drawn
                        byte[] framed = serializer.serialize(topic, candidate);
                        producer.send(new ProducerRecord<>(topic, candidate.getPromptId(), framed),
                                (meta, error) -> acked(error, candidatesAcked));
                        written.get(g).add(candidate);
                        candidatesWritten++;
                        if (settings.malformedEvery() > 0 && candidatesWritten % settings.malformedEvery() == 0) {
                            sendMalformed(candidate, framed, malformed++);
                        }
                    }
                }
                for (int g = 0; g < chunk; g++) {
                    long group = first + g;
                    if (written.get(g).size() == n && n >= 2 && settings.pairsEvery() > 0 && (group + 1) % settings.pairsEvery() == 0) {
                        Group source = groups.get(g);
                        List<CandidateGeneration> complete = written.get(g);
                        pairs.ifPresent(target -> sendPair(target, source, complete));
                    }
                }
                first += chunk;
                sequence += (long) chunk * n;
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
            log.error("demo load stopped after {} candidates: {}", candidatesWritten, e.toString(), e);
        } finally {
            finished.set(true);
        }
    }

    private boolean done(long sequence) {
        return settings.bounded() && sequence >= settings.totalCandidates();
    }

    private CandidateGeneration candidate(DemoPrompt prompt, List<ChatTurn> turns, String promptId, int index,
                                          SyntheticResponse response, long sequence) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(STYLE_METADATA, response.style().name());
        metadata.put(PROMPT_METADATA, prompt.promptId());
        metadata.put(RUN_METADATA, runId);
        return CandidateGeneration.newBuilder()
                .setCandidateId(uuid("candidate", sequence))
                .setPromptId(promptId)
                .setGroupSize(settings.candidatesPerPrompt())
                .setGroupIndex(index)
                .setPolicy(PolicyRef.newBuilder(POLICY).build())
                .setPrompt(turns)
                .setResponse(response.text())
                .setReferenceAnswer(prompt.referenceAnswer().orElse(null))
                .setScenario(prompt.scenario())
                .setProtocol(JudgeProtocol.DEFAULT)
                .setProducedAt(clock.instant())
                .setMetadata(metadata)
                .build();
    }

    private void sendMalformed(CandidateGeneration template, byte[] framed, long k) {
        MalformedRecord kind = MalformedRecord.forIndex(k);
        CandidateGeneration copy = CandidateGeneration.newBuilder(template).setCandidateId(uuid("malformed", k)).build();
        byte[] reframed = serializer.serialize(topic, copy);
        producer.send(new ProducerRecord<>(topic, "demo-malformed-" + k, kind.bytes(copy, reframed)),
                (meta, error) -> acked(error, malformedAcked));
    }

    private void sendPair(PairTarget target, Group source, List<CandidateGeneration> group) {
        DemoPrompt prompt = source.prompt();
        CandidateGeneration good = group.stream()
                .filter(c -> ResponseStyle.GOOD.name().equals(c.getMetadata().get(STYLE_METADATA)))
                .findFirst().orElseThrow();
        CandidateGeneration other = group.get(good.getGroupIndex() == 0 ? 1 : 0);
        boolean goodFirst = pairsSent % 2 == 0;
        CandidateGeneration a = goodFirst ? good : other;
        CandidateGeneration b = goodFirst ? other : good;
        Map<String, String> metadata = new HashMap<>();
        metadata.put(STYLE_A_METADATA, a.getMetadata().get(STYLE_METADATA));
        metadata.put(STYLE_B_METADATA, b.getMetadata().get(STYLE_METADATA));
        metadata.put(PROMPT_METADATA, prompt.promptId());
        metadata.put(RUN_METADATA, runId);
        PairwiseRequest request = PairwiseRequest.newBuilder()
                .setPairId(uuid("pair", pairsSent++))
                .setPromptId(a.getPromptId())
                .setPrompt(source.turns())
                .setResponseA(a.getResponse())
                .setResponseB(b.getResponse())
                .setCandidateIdA(a.getCandidateId())
                .setCandidateIdB(b.getCandidateId())
                .setReferenceAnswer(prompt.referenceAnswer().orElse(null))
                .setProducedAt(clock.instant())
                .setMetadata(metadata)
                .build();
        producer.send(new ProducerRecord<>(target.topic(), request.getPromptId(), target.serializer().serialize(target.topic(), request)),
                (meta, error) -> acked(error, pairsAcked));
    }

    private String uuid(String kind, long n) {
        return UUID.nameUUIDFromBytes((runId + "/" + settings.seed() + "/" + kind + "/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void acked(Exception error, AtomicLong counter) {
        if (error == null) {
            counter.incrementAndGet();
        } else if (sendFailures.incrementAndGet() == 1) {
            log.warn("demo load: a send failed (further failures are only counted): {}", error.toString());
        }
    }

    /** Asks {@link #run()} to return after the record in progress; safe from any thread. */
    public void stop() {
        running.set(false);
    }

    /** True once {@link #run()} has returned (finished, stopped or failed). */
    public boolean isFinished() {
        return finished.get();
    }

    /** Why the load stopped early, if it failed. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Counts of records the broker acknowledged, for the progress line. */
    public Counts counts() {
        return new Counts(candidatesAcked.get(), malformedAcked.get(), pairsAcked.get(), sendFailures.get());
    }

    /**
     * Records acknowledged by the broker so far.
     *
     * @param candidates good candidates
     * @param malformed  malformed records
     * @param pairs      pairwise requests
     * @param failed     sends the producer gave up on
     */
    public record Counts(long candidates, long malformed, long pairs, long failed) {}

    /**
     * Where the load writes its pairwise requests.
     *
     * @param topic      the pairwise-requests topic
     * @param serializer Confluent-wire-format Avro serializer for pairwise requests
     */
    public record PairTarget(String topic, Serializer<PairwiseRequest> serializer) {
        public PairTarget {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(serializer, "serializer");
        }
    }
}
