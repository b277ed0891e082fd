package dev.arbiter.streams.topics;

import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.JudgeMetricsWindow;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingGroup;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.schema.PendingSelection;
import dev.arbiter.schema.PreferencePair;
import dev.arbiter.schema.Reward;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic Arbiter reads or writes, with its key and value serdes, built from the one set of
 * {@link TopicNames}; plus the serdes of the stores that keep Avro records. Inputs are read as raw bytes on
 * purpose: decoding happens inside the topology so that every kind of bad input can be routed to
 * the dead-letter topic with a precise reason instead of tripping Kafka Streams' deserialization
 * handler. See docs/topics.md.
 *
 * @param names            the names these specs were built from
 * @param candidates       input: Confluent-framed CandidateGeneration, key = prompt_id
 * @param rewards          output: Reward, key = prompt_id
 * @param critiques        output: Critique, key = candidate_id
 * @param deadLetter       output: DeadLetter, key = original key bytes
 * @param pairwiseRequests input: Confluent-framed PairwiseRequest, key = prompt_id
 * @param pairwiseResults  output: PairwiseResult, key = prompt_id
 * @param judgeMetrics     output: JudgeMetricsWindow, key = model/template@version
 * @param bestOfN          output: BestOfN, key = prompt_id
 * @param preferencePairs  output: PreferencePair, key = prompt_id
 * @param pendingJudgements serde of the changelogged store of accepted, unfinished candidates
 * @param pendingPairs     serde of the changelogged store of accepted, unfinished pairs
 * @param judgeMetricsWindows serde of the changelogged store of open judge-metrics windows
 * @param pendingGroups    serde of the changelogged store of best-of-N groups still gathering rewards
 * @param pendingSelections serde of the changelogged store of selections waiting for matches
 */
public record ArbiterTopics(
        TopicNames names,
        TopicSpec<byte[], byte[]> candidates,
        TopicSpec<String, Reward> rewards,
        TopicSpec<String, Critique> critiques,
        TopicSpec<byte[], DeadLetter> deadLetter,
        TopicSpec<byte[], byte[]> pairwiseRequests,
        TopicSpec<String, PairwiseResult> pairwiseResults,
        TopicSpec<String, JudgeMetricsWindow> judgeMetrics,
        TopicSpec<String, BestOfN> bestOfN,
        TopicSpec<String, PreferencePair> preferencePairs,
        Serde<PendingJudgement> pendingJudgements,
        Serde<PendingPairwise> pendingPairs,
        Serde<JudgeMetricsWindow> judgeMetricsWindows,
        Serde<PendingGroup> pendingGroups,
        Serde<PendingSelection> pendingSelections) {

    public ArbiterTopics {
        Objects.requireNonNull(names);
        Objects.requireNonNull(candidates);
        Objects.requireNonNull(rewards);
        Objects.requireNonNull(critiques);
        Objects.requireNonNull(deadLetter);
        Objects.requireNonNull(pairwiseRequests);
        Objects.requireNonNull(pairwiseResults);
        Objects.requireNonNull(pendingJudgements);
        Objects.requireNonNull(pendingPairs);
        Objects.requireNonNull(judgeMetrics);
        Objects.requireNonNull(judgeMetricsWindows);
        Objects.requireNonNull(bestOfN);
        Objects.requireNonNull(preferencePairs);
        Objects.requireNonNull(pendingGroups);
        Objects.requireNonNull(pendingSelections);
    }

    /** The Avro serdes of each value type this application writes or stores. */
    public record ValueSerdes(Serde<Reward> rewards, Serde<Critique> critiques, Serde<DeadLetter> deadLetters,
                              Serde<PairwiseResult> pairwiseResults, Serde<JudgeMetricsWindow> judgeMetrics,
                              Serde<BestOfN> bestOfN, Serde<PreferencePair> preferencePairs,
                              Serde<PendingJudgement> pendingJudgements, Serde<PendingPairwise> pendingPairs,
                              Serde<JudgeMetricsWindow> judgeMetricsWindows, Serde<PendingGroup> pendingGroups,
                              Serde<PendingSelection> pendingSelections) {}

    /** Builds the registry from the topic names and the value serdes. */
    public static ArbiterTopics of(TopicNames names, ValueSerdes serdes) {
        return new ArbiterTopics(names,
                new TopicSpec<>(names.candidates(), Serdes.ByteArray(), Serdes.ByteArray()),
                new TopicSpec<>(names.rewards(), Serdes.String(), serdes.rewards()),
                new TopicSpec<>(names.critiques(), Serdes.String(), serdes.critiques()),
                new TopicSpec<>(names.deadLetter(), Serdes.ByteArray(), serdes.deadLetters()),
                new TopicSpec<>(names.pairwiseRequests(), Serdes.ByteArray(), Serdes.ByteArray()),
                new TopicSpec<>(names.pairwiseResults(), Serdes.String(), serdes.pairwiseResults()),
                new TopicSpec<>(names.judgeMetrics(), Serdes.String(), serdes.judgeMetrics()),
                new TopicSpec<>(names.bestOfN(), Serdes.String(), serdes.bestOfN()),
                new TopicSpec<>(names.preferencePairs(), Serdes.String(), serdes.preferencePairs()),
                serdes.pendingJudgements(), serdes.pendingPairs(), serdes.judgeMetricsWindows(), serdes.pendingGroups(),
                serdes.pendingSelections());
    }
}
