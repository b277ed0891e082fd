package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.Endpoints;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.kafka.embedded.EmbeddedKafkaBroker;
import dev.arbiter.kafka.embedded.EmbeddedKafkaConfig;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker itself goes away in the middle of a run: a broker of the test's own (so the shared
 * one keeps serving the other tests) is stopped while rewards are being written and judge calls
 * are in flight, and started again on the same log directory and ports. The service recovers
 * without intervention, and a read_committed consumer finds exactly one OK reward and critique
 * per candidate.
 */
@ExtendWith(SharedInfrastructure.class)
class BrokerRestartIntegrationTest {

    private static final int CANDIDATES = 400;

    @Test
    void aBrokerRestartedOnItsLogDirectoryMidRunCostsAndDoublesNoReward(SharedInfrastructure.Parts infra,
                                                                      @TempDir Path state, @TempDir Path kafkaLogs)
            throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.defaults().withLogDir(kafkaLogs)).start();
             DevJudge judge = DevJudge.slow()) {
            TestDeployment shared = TestDeployment.create("restart", infra, judge.target(), state,
                    Map.of("arbiter.judge.max-in-flight", "16"));
            Map<String, String> settings = new HashMap<>(shared.settings());
            settings.put("arbiter.kafka.bootstrap-servers", broker.bootstrapServers());
            TestDeployment d = new TestDeployment(shared.name(),
                    new Endpoints(broker.bootstrapServers(), infra.registryUrl(), judge.target()), state, Map.copyOf(settings));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            List<CandidateGeneration> candidates = TestCandidates.groups("restart", CANDIDATES / 4, 4);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry());
                 OutputWatcher out = new OutputWatcher(broker.bootstrapServers(), registry, d.rewardsTopic(),
                         d.critiquesTopic(), d.deadLetterTopic(), CANDIDATES).start()) {
                try (TestProducer producer = TestProducer.connect(broker.bootstrapServers())) {
                    producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                            candidates, CandidateGeneration::getPromptId);
                }
                await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() >= 40 && judge.inFlight() > 0);

                broker.stop();
                broker.start();

                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(out.rewardsPerCandidate()).hasSize(CANDIDATES);
                    assertThat(out.critiquesPerCandidate()).hasSize(CANDIDATES);
                });
                ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, candidates);
                assertThat(out.rewards()).allSatisfy(r -> assertThat(r.getStatus()).as(r.getCandidateId()).isEqualTo(RewardStatus.OK));
            }
        }
    }
}
