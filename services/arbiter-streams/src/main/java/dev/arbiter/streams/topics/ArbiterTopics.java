package dev.arbiter.streams.topics;

import dev.arbiter.schema.Critique;
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.Reward;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one place that names every topic Arbiter reads or writes, with its key and value serdes.
 * Candidates are read as raw bytes on purpose: decoding happens inside the topology so that
 * every kind of bad input can be routed to the dead-letter topic with a precise reason instead
 * of tripping Kafka Streams' deserialization handler. See docs/topics.md.
 *
 * @param candidates   input: Confluent-framed CandidateGeneration, key = prompt_id
 * @param rewards      output: Reward, key = prompt_id
 * @param critiques    output: Critique, key = candidate_id
 * @param deadLetter   output: DeadLetter, key = original key bytes
 * @param pendingSerde serde of the changelogged store of accepted, not yet judged candidates
 */
public record ArbiterTopics(
        TopicSpec<byte[], byte[]> candidates,
        TopicSpec<String, Reward> rewards,
        TopicSpec<String, Critique> critiques,
        TopicSpec<byte[], DeadLetter> deadLetter,
        Serde<PendingJudgement> pendingSerde) {

    public ArbiterTopics {
        Objects.requireNonNull(candidates);
        Objects.requireNonNull(rewards);
        Objects.requireNonNull(critiques);
        Objects.requireNonNull(deadLetter);
        Objects.requireNonNull(pendingSerde);
    }

    /** Builds the registry from topic names and the Avro serdes of each value type. */
    public static ArbiterTopics of(
            TopicNames names,
            Serde<Reward> rewardSerde,
            Serde<Critique> critiqueSerde,
            Serde<DeadLetter> deadLetterSerde,
            Serde<PendingJudgement> pendingSerde) {
        return new ArbiterTopics(
                new TopicSpec<>(names.candidates(), Serdes.ByteArray(), Serdes.ByteArray()),
                new TopicSpec<>(names.rewards(), Serdes.String(), rewardSerde),
                new TopicSpec<>(names.critiques(), Serdes.String(), critiqueSerde),
                new TopicSpec<>(names.deadLetter(), Serdes.ByteArray(), deadLetterSerde),
                pendingSerde);
    }

    /** Names of all topics the application reads or writes (not its internal topics). */
    public List<String> externalTopicNames() {
        return List.of(candidates.name(), rewards.name(), critiques.name(), deadLetter.name());
    }
}
