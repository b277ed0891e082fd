package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PreferencePair;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the reward and pairwise-results topics are readable by a client we did not write: the
 * example trainers in docs/examples (trainer_rewards_consumer.py, preference_pairs_consumer.py),
 * on Debian's python3-confluent-kafka (librdkafka, read_committed, its own Avro/registry
 * deserializer). `./arbiter test` and CI install the
 * package and set ARBITER_REQUIRE_PYTHON_INTEROP=true, which turns a missing client into a
 * failure instead of a skip.
 */
@ExtendWith(SharedInfrastructure.class)
class PythonTrainerInteropTest {

    /** Debian's interpreter: another python3 earlier on PATH may not see Debian's packages. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../../docs/examples").normalize();
    private static final Path REWARDS_EXAMPLE = EXAMPLES.resolve("trainer_rewards_consumer.py");
    private static final Path PAIRS_EXAMPLE = EXAMPLES.resolve("preference_pairs_consumer.py");
    private static final Path DPO_EXAMPLE = EXAMPLES.resolve("dpo_dataset_consumer.py");
    private static final int PAIRS = 6;

    @Test
    void exampleTrainerReadsEveryRewardOnceWithConfluentKafkaPython(SharedInfrastructure.Parts infra, @TempDir Path state)
            throws Exception {
        requirePythonClient();
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create("python", infra, judge.target(), state, Map.of());
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            List<CandidateGeneration> good = TestCandidates.groups("py", 10, 4);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry());
                 OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(),
                         d.critiquesTopic(), d.deadLetterTopic(), 100).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        good, CandidateGeneration::getPromptId);
                await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() >= good.size());

                JsonNode summary = runExample(REWARDS_EXAMPLE, state, "--bootstrap", infra.bootstrapServers(),
                        "--registry", infra.registryUrl(), "--topic", d.rewardsTopic(),
                        "--expect", String.valueOf(good.size()), "--timeout", "60");
                assertThat(summary.get("count").asInt()).isEqualTo(good.size());
                assertThat(summary.get("distinct_candidates").asInt()).isEqualTo(good.size());
                assertThat(summary.get("duplicates")).isEmpty();
                assertThat(summary.get("status_counts").get("OK").asInt()).isEqualTo(good.size());
                assertThat(summary.get("prompts_with_rewards").asInt()).isEqualTo(10);
                assertThat(summary.get("judge_models").get(0).asText()).isEqualTo("auto-j-13b-gptq");
            }
        }
    }

    @Test
    void examplePreferenceTrainerReadsEveryPairResultOnceWithConfluentKafkaPython(SharedInfrastructure.Parts infra,
                                                                                 @TempDir Path state) throws Exception {
        requirePythonClient();
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create("python-pairs", infra, judge.target(), state, Map.of());
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            List<PairwiseRequest> pairs = TestCandidates.pairs("py", PAIRS);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry());
                 OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(),
                         d.critiquesTopic(), d.deadLetterTopic(), Optional.of(d.pairwiseResultsTopic()), 100).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(d.pairwiseRequestsTopic(), new ConfluentAvroSerializer<>(registry, false),
                        pairs, PairwiseRequest::getPromptId);
                await().atMost(Duration.ofMinutes(2)).until(() -> out.pairwiseResultCount() >= PAIRS);

                JsonNode summary = runExample(PAIRS_EXAMPLE, state, "--bootstrap", infra.bootstrapServers(),
                        "--registry", infra.registryUrl(), "--topic", d.pairwiseResultsTopic(),
                        "--expect", String.valueOf(PAIRS), "--timeout", "60");
                assertThat(summary.get("count").asInt()).isEqualTo(PAIRS);
                assertThat(summary.get("distinct_pairs").asInt()).isEqualTo(PAIRS);
                assertThat(summary.get("duplicates")).isEmpty();
                assertThat(summary.get("status_counts").get("OK").asInt()).isEqualTo(PAIRS);
                assertThat(summary.get("orders_judged")).extracting(JsonNode::asText).containsExactly("FORWARD", "SWAPPED");
                assertThat(summary.get("judge_templates").get(0).asText()).isEqualTo("autoj-pairwise");
                // What Python made of the results must match what Arbiter wrote.
                long decisive = out.pairwiseResults().stream().filter(r -> "A".equals(r.getWinner()) || "B".equals(r.getWinner())).count();
                assertThat(summary.get("preferences").asLong()).isEqualTo(decisive);
                assertThat(decisive).as("the dev judge prefers the careful answer in these pairs").isPositive();
            }
        }
    }

    @Test
    void exampleDpoTrainerBuildsItsDatasetFromThePreferencePairsTopicWithConfluentKafkaPython(SharedInfrastructure.Parts infra,
                                                                                             @TempDir Path state) throws Exception {
        requirePythonClient();
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create("python-dpo", infra, judge.target(), state, Map.of());
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            int groups = 10;
            List<CandidateGeneration> candidates = TestCandidates.groups("dpo", groups, 4);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry());
                 TopicReader<BestOfN> selections = new TopicReader<>(infra.bootstrapServers(), registry, d.bestOfNTopic(), BestOfN.class);
                 TopicReader<PreferencePair> written = new TopicReader<>(infra.bootstrapServers(), registry,
                         d.preferencePairsTopic(), PreferencePair.class);
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);
                selections.readUntil(r -> r.size() >= groups, Duration.ofMinutes(2));
                List<PreferencePair> pairs = written.readFor(Duration.ofSeconds(2));
                assertThat(pairs).as("the dev judge rates a careful answer well above a hedge").isNotEmpty();

                Path dataset = state.resolve("dpo.jsonl");
                JsonNode summary = runExample(DPO_EXAMPLE, state, "--bootstrap", infra.bootstrapServers(),
                        "--registry", infra.registryUrl(), "--topic", d.preferencePairsTopic(),
                        "--expect", String.valueOf(pairs.size()), "--timeout", "60", "--out", dataset.toString());
                assertThat(summary.get("count").asInt()).isEqualTo(pairs.size());
                assertThat(summary.get("duplicates")).isEmpty();
                assertThat(summary.get("chosen_equals_rejected").asInt()).isZero();
                assertThat(summary.get("min_margin_seen").asDouble()).isGreaterThanOrEqualTo(0.1);
                List<String> lines = Files.readAllLines(dataset);
                assertThat(lines).hasSize(pairs.size());
                JsonNode row = new ObjectMapper().readTree(lines.get(0));
                PreferencePair same = pairs.stream().filter(p -> p.getPromptId().equals(row.get("prompt_id").asText()))
                        .findFirst().orElseThrow();
                assertThat(row.get("chosen").asText()).isEqualTo(same.getChosen());
                assertThat(row.get("rejected").asText()).isEqualTo(same.getRejected());
                assertThat(row.get("prompt").get(0).get("content").asText()).isEqualTo(same.getPrompt().get(0).getContent());
            }
        }
    }

    /** Runs one example script with Debian's Python and returns its last stdout line as JSON. */
    private static JsonNode runExample(Path script, Path state, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        Path stderr = state.resolve(script.getFileName() + ".err");
        Process py = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String stdout = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(py.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(py.exitValue()).as(Files.readString(stderr)).isZero();
        return new ObjectMapper().readTree(stdout.lines().reduce((a, b) -> b).orElseThrow());
    }

    private static void requirePythonClient() throws IOException, InterruptedException {
        boolean required = Boolean.parseBoolean(System.getenv().getOrDefault("ARBITER_REQUIRE_PYTHON_INTEROP", "false"));
        boolean available;
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka.avro").redirectErrorStream(true).start();
            available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
        if (required) {
            assertThat(available).as("python3-confluent-kafka (with avro) is required: apt-get install python3-confluent-kafka python3-avro").isTrue();
        }
        Assumptions.assumeTrue(available, "python3-confluent-kafka not installed; run `./arbiter test` to install it");
    }
}
