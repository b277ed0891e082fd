package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.config.DemoSettings;
import dev.arbiter.registry.memory.InMemorySchemaRegistry;
import dev.arbiter.registry.serde.AvroDecodeException;
import dev.arbiter.registry.serde.ConfluentAvroDeserializer;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.registry.serde.DecodeFailure;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.PairwiseRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DemoLoadTest {

    private static final String TOPIC = "arbiter.candidates.v1";
    private static final String PAIRS_TOPIC = "arbiter.pairwise-requests.v1";
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerializer<CandidateGeneration> serializer = new ConfluentAvroSerializer<>(registry, false);
    private final ConfluentAvroDeserializer<CandidateGeneration> deserializer =
            new ConfluentAvroDeserializer<>(registry, CandidateGeneration.class);
    private final ConfluentAvroSerializer<PairwiseRequest> pairSerializer = new ConfluentAvroSerializer<>(registry, false);
    private final ConfluentAvroDeserializer<PairwiseRequest> pairDeserializer =
            new ConfluentAvroDeserializer<>(registry, PairwiseRequest.class);
    private final PromptCatalog catalog = PromptCatalog.fromClasspath("demo/prompts.jsonl");

    @Test
    void writesCompleteGroupsKeyedByPromptIdUpToTheTotal() {
        MockProducer<String, byte[]> producer = producer();
        DemoLoad load = load(settings(4, 12, 0), producer, "run-1");

        load.run();

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(12).allSatisfy(r -> assertThat(r.topic()).isEqualTo(TOPIC));
        List<CandidateGeneration> candidates = sent.stream().map(r -> deserializer.deserialize(TOPIC, r.value())).toList();
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i).key()).isEqualTo(candidates.get(i).getPromptId());
        }
        Map<String, List<CandidateGeneration>> groups = candidates.stream()
                .collect(Collectors.groupingBy(CandidateGeneration::getPromptId));
        assertThat(groups).hasSize(3).allSatisfy((promptId, group) -> {
            assertThat(group).extracting(CandidateGeneration::getGroupIndex).containsExactly(0, 1, 2, 3);
            assertThat(group).allSatisfy(c -> assertThat(c.getGroupSize()).isEqualTo(4));
            assertThat(group).filteredOn(c -> c.getMetadata().get(DemoLoad.STYLE_METADATA).equals("GOOD")).hasSize(1);
        });
        assertThat(candidates).extracting(CandidateGeneration::getCandidateId).doesNotHaveDuplicates();
        CandidateGeneration first = candidates.get(0);
        DemoPrompt prompt = catalog.prompts().get(0);
        assertThat(first.getPromptId()).isEqualTo("run-1:" + prompt.promptId() + ":0");
        assertThat(first.getPolicy().getModel()).isEqualTo("demo-policy");
        assertThat(first.getPolicy().getVersion()).isEqualTo("v1");
        assertThat(first.getPrompt()).extracting(t -> t.getContent()).containsExactly(prompt.question());
        assertThat(first.getScenario()).isEqualTo(prompt.scenario());
        assertThat(first.getReferenceAnswer()).isEqualTo(prompt.referenceAnswer().orElse(null));
        assertThat(first.getProtocol()).isEqualTo(JudgeProtocol.DEFAULT);
        assertThat(first.getProducedAt()).isEqualTo(NOW);
        assertThat(first.getMetadata()).containsEntry(DemoLoad.PROMPT_METADATA, prompt.promptId())
                .containsEntry(DemoLoad.RUN_METADATA, "run-1");
        assertThat(load.counts()).isEqualTo(new DemoLoad.Counts(12, 0, 0, 0));
        assertThat(load.isFinished()).isTrue();
        assertThat(load.failure()).isEmpty();
    }

    @Test
    void everyMthGroupAlsoYieldsAPairOfItsGoodAnswerAgainstAnotherAlternatingItsPosition() {
        MockProducer<String, byte[]> producer = producer();
        DemoLoad load = load(settings(4, 24, 0, 2), producer, "run-1"); // 6 groups, a pair after groups 2, 4 and 6

        load.run();

        List<CandidateGeneration> candidates = producer.history().stream().filter(r -> r.topic().equals(TOPIC))
                .map(r -> deserializer.deserialize(TOPIC, r.value())).toList();
        List<ProducerRecord<String, byte[]>> pairRecords = producer.history().stream()
                .filter(r -> r.topic().equals(PAIRS_TOPIC)).toList();
        assertThat(pairRecords).hasSize(3);
        Map<String, List<CandidateGeneration>> groups = candidates.stream()
                .collect(Collectors.groupingBy(CandidateGeneration::getPromptId));
        List<String> groupOrder = candidates.stream().map(CandidateGeneration::getPromptId).distinct().toList();
        for (int i = 0; i < pairRecords.size(); i++) {
            PairwiseRequest pair = pairDeserializer.deserialize(PAIRS_TOPIC, pairRecords.get(i).value());
            assertThat(pairRecords.get(i).key()).isEqualTo(pair.getPromptId());
            assertThat(pair.getPromptId()).as("pair %d comes from group %d", i, 2 * i + 1).isEqualTo(groupOrder.get(2 * i + 1));
            Map<String, CandidateGeneration> byId = groups.get(pair.getPromptId()).stream()
                    .collect(Collectors.toMap(CandidateGeneration::getCandidateId, c -> c));
            CandidateGeneration a = byId.get(pair.getCandidateIdA());
            CandidateGeneration b = byId.get(pair.getCandidateIdB());
            assertThat(a.getCandidateId()).isNotEqualTo(b.getCandidateId());
            assertThat(pair.getResponseA()).isEqualTo(a.getResponse());
            assertThat(pair.getResponseB()).isEqualTo(b.getResponse());
            assertThat(pair.getPrompt()).isEqualTo(a.getPrompt());
            assertThat(pair.getMetadata().get(DemoLoad.STYLE_A_METADATA)).isEqualTo(a.getMetadata().get(DemoLoad.STYLE_METADATA));
            assertThat(pair.getMetadata().get(DemoLoad.STYLE_B_METADATA)).isEqualTo(b.getMetadata().get(DemoLoad.STYLE_METADATA));
            String goodSide = i % 2 == 0 ? DemoLoad.STYLE_A_METADATA : DemoLoad.STYLE_B_METADATA;
            String otherSide = i % 2 == 0 ? DemoLoad.STYLE_B_METADATA : DemoLoad.STYLE_A_METADATA;
            assertThat(pair.getMetadata().get(goodSide)).as("the GOOD answer's side in pair %d", i).isEqualTo("GOOD");
            assertThat(pair.getMetadata().get(otherSide)).isNotEqualTo("GOOD");
        }
        assertThat(load.counts()).isEqualTo(new DemoLoad.Counts(24, 0, 3, 0));
    }

    @Test
    void withoutAPairTargetNoPairIsWritten() {
        MockProducer<String, byte[]> producer = producer();
        new DemoLoad(settings(4, 8, 0, 1), TOPIC, catalog, new SyntheticPolicy(42), serializer, producer, "run-1",
                Clock.fixed(NOW, ZoneOffset.UTC), java.util.Optional.empty()).run();
        assertThat(producer.history()).hasSize(8).allSatisfy(r -> assertThat(r.topic()).isEqualTo(TOPIC));
    }

    @Test
    void sameRunIdAndSeedReproduceTheRunAndANewRunIdGivesNewIds() {
        MockProducer<String, byte[]> a = producer();
        MockProducer<String, byte[]> b = producer();
        MockProducer<String, byte[]> c = producer();
        load(settings(4, 8, 0), a, "run-1").run();
        load(settings(4, 8, 0), b, "run-1").run();
        load(settings(4, 8, 0), c, "run-2").run();

        assertThat(ids(b)).isEqualTo(ids(a));
        assertThat(ids(c)).doesNotContainAnyElementsOf(ids(a));
    }

    @Test
    void reusesPromptsInLaterRoundsUnderNewPromptIds() {
        MockProducer<String, byte[]> producer = producer();
        long total = (catalog.size() + 1) * 2L;
        load(settings(2, total, 0), producer, "r").run();

        List<String> keys = producer.history().stream().map(ProducerRecord::key).distinct().toList();
        assertThat(keys).hasSize(catalog.size() + 1)
                .contains("r:" + catalog.prompts().get(0).promptId() + ":0", "r:" + catalog.prompts().get(0).promptId() + ":1");
    }

    @Test
    void malformedRecordsAreExtraAndEachKindFailsDecodingForItsReason() {
        MockProducer<String, byte[]> producer = producer();
        DemoLoad load = load(settings(4, 24, 4), producer, "run-1");

        load.run();

        List<ProducerRecord<String, byte[]>> malformed = producer.history().stream()
                .filter(r -> r.key().startsWith("demo-malformed-")).toList();
        assertThat(producer.history()).hasSize(24 + 6);
        assertThat(malformed).hasSize(6);
        assertThat(malformed.stream().map(r -> failureOf(r.value())).toList()).containsExactly(
                DecodeFailure.BAD_MAGIC_BYTE, DecodeFailure.MALFORMED_AVRO, DecodeFailure.UNKNOWN_SCHEMA_ID,
                DecodeFailure.BAD_MAGIC_BYTE, DecodeFailure.MALFORMED_AVRO, DecodeFailure.UNKNOWN_SCHEMA_ID);
        assertThat(load.counts()).isEqualTo(new DemoLoad.Counts(24, 6, 0, 0));
        List<String> keysInOrder = producer.history().stream().map(ProducerRecord::key).toList();
        assertThat(keysInOrder.get(4)).as("a malformed record follows every 4th candidate").isEqualTo("demo-malformed-0");
    }

    @Test
    void failedSendsAreCountedNotAcknowledged() {
        CountDownLatch answered = new CountDownLatch(1);
        // MockProducer.flush() completes everything still pending; hold it until the test has answered each send
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public void flush() {
                try {
                    answered.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.flush();
            }
        };
        DemoLoad load = load(settings(2, 4, 0), producer, "run-1");
        Thread runner = new Thread(load);
        runner.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 4);
        producer.completeNext();
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
        producer.completeNext();
        producer.completeNext();
        answered.countDown();
        await().atMost(Duration.ofSeconds(5)).until(load::isFinished);

        assertThat(load.counts()).isEqualTo(new DemoLoad.Counts(3, 0, 0, 1));
    }

    @Test
    void stopEndsAnUnboundedRun() {
        MockProducer<String, byte[]> producer = producer();
        DemoLoad load = new DemoLoad(settings(4, 0, 0), TOPIC, catalog, new SyntheticPolicy(42), serializer, producer, "run-1",
                Clock.fixed(NOW, ZoneOffset.UTC), java.util.Optional.empty(), new Pacer(1_000, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000))));
        Thread runner = new Thread(load);
        runner.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> load.counts().candidates() >= 10);
        load.stop();
        await().atMost(Duration.ofSeconds(5)).until(load::isFinished);

        long sent = producer.history().size();
        assertThat(load.counts().candidates()).isEqualTo(sent);
        assertThat(producer.flushed()).isTrue();
    }

    @Test
    void producerPropertiesAreIdempotentWithAllAcksAndPassThroughLast() {
        Properties p = DemoLoad.producerProperties("broker:9092", Map.of("security.protocol", "SSL", "linger.ms", "20"));

        assertThat(p).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("linger.ms", "20");
    }

    private DecodeFailure failureOf(byte[] value) {
        try {
            deserializer.deserialize(TOPIC, value);
            throw new AssertionError("malformed record decoded");
        } catch (AvroDecodeException e) {
            return e.failure();
        }
    }

    private List<String> ids(MockProducer<String, byte[]> producer) {
        return producer.history().stream().map(r -> deserializer.deserialize(TOPIC, r.value()).getCandidateId()).toList();
    }

    @Test
    void anInterleavedShapeWritesIndexZeroOfEveryGroupFirstAndTagsEachRoundsPrompt() {
        MockProducer<String, byte[]> producer = producer();
        DemoLoad load = load(settings(2, 8, 0), producer, "run-i").withShape(new DemoLoad.Shape(3, true));

        load.run();

        List<CandidateGeneration> sent = producer.history().stream().map(r -> deserializer.deserialize(TOPIC, r.value())).toList();
        // 4 groups of 2 in chunks of 3 groups, then the remaining one
        assertThat(sent).extracting(CandidateGeneration::getGroupIndex).containsExactly(0, 0, 0, 1, 1, 1, 0, 1);
        assertThat(sent.subList(0, 3)).extracting(CandidateGeneration::getPromptId).doesNotHaveDuplicates();
        assertThat(sent.get(3).getPromptId()).isEqualTo(sent.get(0).getPromptId());
        assertThat(sent).allSatisfy(c -> assertThat(c.getPrompt().stream().filter(t -> t.getRole().equals("user")).findFirst()
                .orElseThrow().getContent()).startsWith("[task run-i/"));
        assertThat(load.preview(4)).extracting(CandidateGeneration::getCandidateId)
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(CandidateGeneration::getCandidateId).toList());
    }

    private DemoLoad load(DemoSettings settings, MockProducer<String, byte[]> producer, String runId) {
        // a very high rate keeps the test fast; pacing itself is covered by PacerTest
        return new DemoLoad(settings, TOPIC, catalog, new SyntheticPolicy(settings.seed()), serializer, producer, runId,
                Clock.fixed(NOW, ZoneOffset.UTC), java.util.Optional.of(new DemoLoad.PairTarget(PAIRS_TOPIC, pairSerializer)));
    }

    private static DemoSettings settings(int perPrompt, long total, int malformedEvery) {
        return settings(perPrompt, total, malformedEvery, 0);
    }

    private static DemoSettings settings(int perPrompt, long total, int malformedEvery, int pairsEvery) {
        return new DemoSettings(true, "demo/prompts.jsonl", perPrompt, total, 1_000_000, malformedEvery, pairsEvery, 42);
    }

    private static MockProducer<String, byte[]> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

}
