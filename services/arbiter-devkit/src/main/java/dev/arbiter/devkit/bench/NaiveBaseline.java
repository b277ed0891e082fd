package dev.arbiter.devkit.bench;

import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.JudgeTransport;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.serde.ConfluentAvroDeserializer;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.Reward;
import dev.arbiter.streams.grading.JudgingPlan;
import dev.arbiter.streams.grading.PreparedJudgement;
import dev.arbiter.streams.grading.RewardAssembler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The reward service a user writes first, as the benchmark's baseline: a Kafka Streams app that
 * reads a candidate, calls the judge and waits for the answer inside {@code mapValues}, then
 * writes the reward — one judge call at a time per stream thread, with the same broker, judge,
 * prompt rendering, verdict parser and exactly-once guarantee as Arbiter. Its throughput is one
 * judge latency per record, whatever the judge's batch capacity, which is what Arbiter's
 * in-flight engine exists to avoid.
 */
public final class NaiveBaseline implements AutoCloseable {

    private final KafkaStreams streams;

    /**
     * @param bootstrap  the broker
     * @param registry   schema registry for the candidate and reward Avro values
     * @param transport  the judge
     * @param plan       renders the judge prompt (Arbiter's own)
     * @param assembler  parses the verdict into a reward (Arbiter's own)
     * @param candidates topic to read
     * @param rewards    topic to write
     * @param stateDir   Kafka Streams state directory
     */
    public NaiveBaseline(String bootstrap, SchemaRegistryClient registry, JudgeTransport transport, JudgingPlan plan,
                         RewardAssembler assembler, String candidates, String rewards, Path stateDir) {
        ConfluentAvroDeserializer<CandidateGeneration> in = new ConfluentAvroDeserializer<>(registry, CandidateGeneration.class);
        ConfluentAvroSerializer<Reward> out = new ConfluentAvroSerializer<>(registry, false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(candidates, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(bytes -> {
                    CandidateGeneration candidate = in.deserialize(candidates, bytes);
                    PreparedJudgement prepared = plan.prepare(candidate);
                    Generation answer = transport.generate(prepared.request(UUID.randomUUID().toString(), 0)).join();
                    PendingJudgement pending = new PendingJudgement(candidate, Instant.now(), 0);
                    Reward reward = assembler.answered(pending, prepared, List.of(answer), 1, Instant.now()).reward();
                    return out.serialize(rewards, reward);
                })
                .to(rewards, Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "naive-baseline-" + UUID.randomUUID().toString().substring(0, 8));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // A record can take a judge latency of seconds; keep the group from evicting the thread.
        p.put(StreamsConfig.consumerPrefix("max.poll.interval.ms"), (int) Duration.ofMinutes(30).toMillis());
        this.streams = new KafkaStreams(builder.build(), p);
    }

    public NaiveBaseline start() {
        streams.start();
        return this;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
