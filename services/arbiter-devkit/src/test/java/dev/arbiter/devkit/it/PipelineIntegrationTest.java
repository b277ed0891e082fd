package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core guarantee on real parts: a KRaft broker, the Apicurio registry over its
 * Confluent-compatible REST API, the development judge over gRPC on a socket, and the service
 * with exactly-once Kafka Streams. Malformed records are interleaved with the good ones.
 */
@ExtendWith(SharedInfrastructure.class)
class PipelineIntegrationTest {

    @Test
    void thousandCandidatesGiveExactlyOneRewardAndCritiqueEachWhileBadInputIsDeadLettered(
            SharedInfrastructure.Parts infra, @TempDir Path state) throws Exception {
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create("pipeline", infra, judge.target(), state, Map.of());
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            List<CandidateGeneration> good = TestCandidates.groups("run1", 250, 4);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), meters);
                 OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(),
                         d.critiquesTopic(), d.deadLetterTopic(), 2_000).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                ConfluentAvroSerializer<CandidateGeneration> serializer = new ConfluentAvroSerializer<>(registry, false);
                String topic = d.candidatesTopic();
                byte[] framed = serializer.serialize(topic, good.get(0));
                for (int i = 0; i < good.size(); i++) {
                    CandidateGeneration c = good.get(i);
                    producer.send(new ProducerRecord<>(topic, c.getPromptId(), serializer.serialize(topic, c)));
                    switch (i) {
                        case 100 -> producer.send(new ProducerRecord<>(topic, "bad", "{\"candidate_id\": \"json\"}".getBytes(StandardCharsets.UTF_8)));
                        case 200 -> producer.send(new ProducerRecord<>(topic, "bad", withSchemaId(framed, 987_654)));
                        case 300 -> producer.send(new ProducerRecord<>(topic, "bad", Arrays.copyOf(framed, 5 + (framed.length - 5) / 2)));
                        case 400 -> producer.send(new ProducerRecord<>(topic, "bad", missingRequiredFields(registry)));
                        case 500 -> producer.send(new ProducerRecord<>(topic, "bad", serializer.serialize(topic,
                                CandidateGeneration.newBuilder(c).setCandidateId("empty-response").setResponse("").build())));
                        default -> { }
                    }
                }
                producer.flushAndConfirm();

                try {
                    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        assertThat(out.rewardCount()).isGreaterThanOrEqualTo(1000);
                        assertThat(out.critiqueCount()).isGreaterThanOrEqualTo(1000);
                        assertThat(out.deadLetterCount()).isGreaterThanOrEqualTo(5);
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("pipeline stalled; service meters: " + meterDump(meters), e);
                }
                // Nothing is pending any more, so no late duplicate can still be on its way.
                await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("arbiter.pending.candidates").gauge().value() == 0.0);

                assertThat(out.rewardCount()).isEqualTo(1000);
                assertThat(out.critiqueCount()).isEqualTo(1000);
                ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, good);
                assertThat(out.rewards()).allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(RewardStatus.OK);
                    assertThat(r.getReward()).isBetween(0.0, 1.0);
                    assertThat(r.getJudge().getTemplate()).isEqualTo("autoj-single");
                });
                assertThat(out.rewards().stream().map(Reward::getRawRating).distinct().count())
                        .as("the heuristic judge distinguishes answer quality").isGreaterThan(1);

                List<DeadLetter> dlq = out.deadLetters();
                assertThat(dlq).extracting(DeadLetter::getReason).containsExactlyInAnyOrder(
                        DeadLetterReason.BAD_MAGIC_BYTE, DeadLetterReason.UNKNOWN_SCHEMA_ID, DeadLetterReason.MALFORMED_AVRO,
                        DeadLetterReason.MISSING_REQUIRED_FIELD, DeadLetterReason.EMPTY_RESPONSE);
                assertThat(dlq).allSatisfy(dl -> {
                    assertThat(dl.getSourceTopic()).isEqualTo(topic);
                    assertThat(dl.getOriginalValue()).isNotNull();
                    assertThat(dl.getMessage()).isNotBlank();
                });
            }
        }
    }

    static String meterDump(SimpleMeterRegistry meters) {
        StringBuilder sb = new StringBuilder();
        meters.getMeters().stream().filter(m -> m.getId().getName().startsWith("arbiter"))
                .forEach(m -> sb.append("\n  ").append(m.getId().getName()).append(m.getId().getTags()).append(" = ")
                        .append(m.measure().iterator().next().getValue()));
        return sb.toString();
    }


    private static byte[] withSchemaId(byte[] framed, int id) {
        byte[] copy = framed.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(id);
        return copy;
    }

    /** A record from an old producer whose schema (registered under its own subject) lacks required fields. */
    private static byte[] missingRequiredFields(SchemaRegistryClient registry) throws Exception {
        Schema legacy = new Schema.Parser().parse("""
                {"type": "record", "name": "CandidateGeneration", "namespace": "dev.arbiter.schema",
                 "fields": [{"name": "candidate_id", "type": "string"}, {"name": "prompt_id", "type": "string"}]}""");
        int id = registry.register("legacy-candidate-producer-value", legacy);
        GenericRecord r = new GenericData.Record(legacy);
        r.put("candidate_id", "legacy-1");
        r.put("prompt_id", "legacy-p");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(0);
        bytes.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(legacy).write(r, enc);
        enc.flush();
        return bytes.toByteArray();
    }
}
