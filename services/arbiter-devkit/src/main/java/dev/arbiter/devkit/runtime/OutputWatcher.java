package dev.arbiter.devkit.runtime;

import org.apache.kafka.common.errors.WakeupException;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.serde.ConfluentAvroDeserializer;
import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PreferencePair;
import dev.arbiter.schema.Reward;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Arbiter's output topics the way a trainer would — {@code read_committed}, from the
 * beginning — and keeps counts per candidate id (and per pair id, when given the pairwise-results
 * topic), so the demo can show progress and samples and tests can check "exactly one reward per
 * candidate". It runs one consumer on its own thread and never commits offsets (a fresh group
 * each time).
 */
public final class OutputWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String rewardsTopic;
    private final String critiquesTopic;
    private final String deadLetterTopic;
    private final Optional<String> pairwiseResultsTopic;
    private final Deserializer<PairwiseResult> pairwiseDeserializer;
    private final Map<String, Integer> resultsPerPair = new ConcurrentHashMap<>();
    private final AtomicLong pairwiseResultCount = new AtomicLong();
    private final List<PairwiseResult> pairwiseResults = Collections.synchronizedList(new ArrayList<>());
    private final Deserializer<Reward> rewardDeserializer;
    private final Deserializer<Critique> critiqueDeserializer;
    private final Deserializer<DeadLetter> deadLetterDeserializer;
    private final Map<String, Integer> rewardsPerCandidate = new ConcurrentHashMap<>();
    private final Map<String, Integer> critiquesPerCandidate = new ConcurrentHashMap<>();
    private final List<Reward> rewards = Collections.synchronizedList(new ArrayList<>());
    private final List<Critique> critiques = Collections.synchronizedList(new ArrayList<>());
    private final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong rewardCount = new AtomicLong();
    private final AtomicLong critiqueCount = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final int keepRecords;
    private Optional<String> bestOfNTopic = Optional.empty();
    private Optional<String> preferencePairsTopic = Optional.empty();
    private Deserializer<BestOfN> bestOfNDeserializer;
    private Deserializer<PreferencePair> preferencePairDeserializer;
    private final Map<String, Integer> selectionsPerPrompt = new ConcurrentHashMap<>();
    private final List<BestOfN> selections = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong preferencePairCount = new AtomicLong();
    private final List<PreferencePair> preferencePairs = Collections.synchronizedList(new ArrayList<>());
    private final SchemaRegistryClient registry;
    private java.util.function.Consumer<Reward> rewardListener = r -> { };

    /**
     * @param keepRecords how many decoded records of each kind to keep for inspection (counts are always kept)
     */
    public OutputWatcher(String bootstrap, SchemaRegistryClient registry, String rewardsTopic,
                         String critiquesTopic, String deadLetterTopic, int keepRecords) {
        this(bootstrap, registry, rewardsTopic, critiquesTopic, deadLetterTopic, Optional.empty(), keepRecords);
    }

    /**
     * @param pairwiseResultsTopic also read this pairwise-results topic
     * @param keepRecords          how many decoded records of each kind to keep for inspection (counts are always kept)
     */
    public OutputWatcher(String bootstrap, SchemaRegistryClient registry, String rewardsTopic,
                         String critiquesTopic, String deadLetterTopic, Optional<String> pairwiseResultsTopic,
                         int keepRecords) {
        this.consumer = ReadCommittedConsumer.fromStart(bootstrap, "arbiter-output-watcher");
        this.rewardsTopic = rewardsTopic;
        this.critiquesTopic = critiquesTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.pairwiseResultsTopic = pairwiseResultsTopic;
        this.pairwiseDeserializer = new ConfluentAvroDeserializer<>(registry, PairwiseResult.class);
        this.rewardDeserializer = new ConfluentAvroDeserializer<>(registry, Reward.class);
        this.critiqueDeserializer = new ConfluentAvroDeserializer<>(registry, Critique.class);
        this.deadLetterDeserializer = new ConfluentAvroDeserializer<>(registry, DeadLetter.class);
        this.keepRecords = keepRecords;
        this.registry = registry;
        this.thread = new Thread(this::run, "arbiter-output-watcher");
        this.thread.setDaemon(true);
    }

    /** Also read the best-of-N and preference-pairs topics (call before {@link #start}). */
    public OutputWatcher withSelections(String bestOfN, String preferencePairs) {
        this.bestOfNTopic = Optional.of(bestOfN);
        this.preferencePairsTopic = Optional.of(preferencePairs);
        this.bestOfNDeserializer = new ConfluentAvroDeserializer<>(registry, BestOfN.class);
        this.preferencePairDeserializer = new ConfluentAvroDeserializer<>(registry, PreferencePair.class);
        return this;
    }

    /**
     * Also tell {@code listener} of each reward as it is read, on the watcher's thread (call
     * before {@link #start}): a benchmark takes the moment a trainer could see it.
     */
    public OutputWatcher withRewardListener(java.util.function.Consumer<Reward> listener) {
        this.rewardListener = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();

    public OutputWatcher start() {
        List<String> topics = new ArrayList<>(List.of(rewardsTopic, critiquesTopic, deadLetterTopic));
        pairwiseResultsTopic.ifPresent(topics::add);
        bestOfNTopic.ifPresent(topics::add);
        preferencePairsTopic.ifPresent(topics::add);
        consumer.subscribe(topics);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    accept(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        // Count log records, not deliveries: the watcher commits no offsets, so after its group
        // rebalances (a broker restart, for one) it reads its partitions again from the start.
        TopicPartition partition = new TopicPartition(r.topic(), r.partition());
        Long last = readUpTo.get(partition);
        if (last != null && r.offset() <= last) return;
        readUpTo.put(partition, r.offset());
        if (r.topic().equals(rewardsTopic)) {
            Reward reward = rewardDeserializer.deserialize(r.topic(), r.value());
            rewardsPerCandidate.merge(reward.getCandidateId(), 1, Integer::sum);
            rewardCount.incrementAndGet();
            rewardListener.accept(reward);
            if (rewards.size() < keepRecords) rewards.add(reward);
        } else if (r.topic().equals(critiquesTopic)) {
            Critique critique = critiqueDeserializer.deserialize(r.topic(), r.value());
            critiquesPerCandidate.merge(critique.getCandidateId(), 1, Integer::sum);
            critiqueCount.incrementAndGet();
            if (critiques.size() < keepRecords) critiques.add(critique);
        } else if (bestOfNTopic.filter(r.topic()::equals).isPresent()) {
            BestOfN b = bestOfNDeserializer.deserialize(r.topic(), r.value());
            selectionsPerPrompt.merge(b.getPromptId(), 1, Integer::sum);
            if (selections.size() < keepRecords) selections.add(b);
        } else if (preferencePairsTopic.filter(r.topic()::equals).isPresent()) {
            PreferencePair p = preferencePairDeserializer.deserialize(r.topic(), r.value());
            preferencePairCount.incrementAndGet();
            if (preferencePairs.size() < keepRecords) preferencePairs.add(p);
        } else if (pairwiseResultsTopic.filter(r.topic()::equals).isPresent()) {
            PairwiseResult result = pairwiseDeserializer.deserialize(r.topic(), r.value());
            resultsPerPair.merge(result.getPairId(), 1, Integer::sum);
            pairwiseResultCount.incrementAndGet();
            if (pairwiseResults.size() < keepRecords) pairwiseResults.add(result);
        } else {
            DeadLetter dl = deadLetterDeserializer.deserialize(r.topic(), r.value());
            deadLetters.add(dl);
        }
    }

    public long rewardCount() {
        return rewardCount.get();
    }

    public long critiqueCount() {
        return critiqueCount.get();
    }

    /** Pairwise results seen per pair id: every value must be 1. */
    public Map<String, Integer> resultsPerPair() {
        return Map.copyOf(resultsPerPair);
    }

    public long pairwiseResultCount() {
        return pairwiseResultCount.get();
    }

    public List<PairwiseResult> pairwiseResults() {
        synchronized (pairwiseResults) {
            return List.copyOf(pairwiseResults);
        }
    }

    /** Best-of-N records seen per prompt id: every value must be 1. */
    public Map<String, Integer> selectionsPerPrompt() {
        return Map.copyOf(selectionsPerPrompt);
    }

    public List<BestOfN> selections() {
        synchronized (selections) {
            return List.copyOf(selections);
        }
    }

    public long preferencePairCount() {
        return preferencePairCount.get();
    }

    public List<PreferencePair> preferencePairs() {
        synchronized (preferencePairs) {
            return List.copyOf(preferencePairs);
        }
    }

    public int deadLetterCount() {
        return deadLetters.size();
    }

    /** Reward records seen per candidate id: every value must be 1. */
    public Map<String, Integer> rewardsPerCandidate() {
        return Map.copyOf(rewardsPerCandidate);
    }

    /** True when exactly {@code expected} distinct candidates have been rewarded, each once. */
    public boolean exactlyOnce(long expected) {
        Map<String, Integer> perCandidate = rewardsPerCandidate();
        return perCandidate.size() == expected && perCandidate.values().stream().allMatch(n -> n == 1);
    }

    public Map<String, Integer> critiquesPerCandidate() {
        return Map.copyOf(critiquesPerCandidate);
    }

    public List<Reward> rewards() {
        synchronized (rewards) {
            return List.copyOf(rewards);
        }
    }

    public List<Critique> critiques() {
        synchronized (critiques) {
            return List.copyOf(critiques);
        }
    }

    public List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
