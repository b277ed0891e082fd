package dev.arbiter.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.OutputWatcher;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the reward topic is readable by a client we did not write: the example trainer in
 * docs/examples/trainer_rewards_consumer.py, on Debian's python3-confluent-kafka (librdkafka,
 * read_committed, its own Avro/registry deserializer). `./arbiter test` and CI install the
 * package and set ARBITER_REQUIRE_PYTHON_INTEROP=true, which turns a missing client into a
 * failure instead of a skip.
 */
@ExtendWith(SharedInfrastructure.class)
class PythonTrainerInteropTest {

    /** Debian's interpreter: another python3 earlier on PATH may not see Debian's packages. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static final Path SCRIPT = Path.of(System.getProperty("user.dir"))
            .resolve("../../docs/examples/trainer_rewards_consumer.py").normalize();

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
                ConfluentAvroSerializer<CandidateGeneration> serializer = new ConfluentAvroSerializer<>(registry, false);
                for (CandidateGeneration c : good) {
                    producer.send(new ProducerRecord<>(d.candidatesTopic(), c.getPromptId(), serializer.serialize(d.candidatesTopic(), c)));
                }
                producer.flushAndConfirm();
                await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() >= good.size());

                Process py = new ProcessBuilder(PYTHON, SCRIPT.toString(),
                        "--bootstrap", infra.bootstrapServers(), "--registry", infra.registryUrl(),
                        "--topic", d.rewardsTopic(), "--expect", String.valueOf(good.size()), "--timeout", "60")
                        .redirectError(state.resolve("python.err").toFile()).start();
                String stdout = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(py.waitFor(90, TimeUnit.SECONDS)).isTrue();
                assertThat(py.exitValue()).as(Files.readString(state.resolve("python.err"))).isZero();

                JsonNode summary = new ObjectMapper().readTree(stdout.lines().reduce((a, b) -> b).orElseThrow());
                assertThat(summary.get("count").asInt()).isEqualTo(good.size());
                assertThat(summary.get("distinct_candidates").asInt()).isEqualTo(good.size());
                assertThat(summary.get("duplicates")).isEmpty();
                assertThat(summary.get("status_counts").get("OK").asInt()).isEqualTo(good.size());
                assertThat(summary.get("prompts_with_rewards").asInt()).isEqualTo(10);
                assertThat(summary.get("judge_models").get(0).asText()).isEqualTo("auto-j-13b-gptq");
            }
        }
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
