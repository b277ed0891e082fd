package dev.arbiter.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.OutputWatcher;
import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.devserver.cost.CostModel;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A judge outage on real parts: the Triton-protocol judge server is stopped while calls are in
 * flight (streams cut, connection refused), comes back on the same port with its model still
 * loading (MODEL_NOT_READY), and only then becomes ready. Every candidate must still get exactly
 * one reward, and none of them a JUDGE_FAILED one: an outage delays rewards, it never fakes them.
 */
@ExtendWith(SharedInfrastructure.class)
class JudgeOutageIntegrationTest {

    private static final int CANDIDATES = 200;
    private static final String MODEL = "auto-j-13b-gptq";

    @Test
    void judgeOutageMidRunDelaysRewardsButNeverLosesDoublesOrFailsThem(SharedInfrastructure.Parts infra,
                                                                      @TempDir Path state) throws Exception {
        // About 8 sequences at a time, a few hundred milliseconds each: work is in flight when the judge goes.
        JudgeDevServerConfig judgeConfig = JudgeDevServerConfig.instant()
                .withCost(new CostModel(1.0, 4_000, Duration.ofMillis(4), 8, 0));
        JudgeDevServer first = new JudgeDevServer(judgeConfig).start();
        int port = first.port();
        JudgeDevServer second = new JudgeDevServer(judgeConfig.withPort(port));
        second.setModelReady(MODEL, false); // comes back still loading its model
        try {
            TestDeployment d = TestDeployment.create("outage", infra, first.target(), state,
                    Map.of("arbiter.judge.max-in-flight", "16"));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            List<CandidateGeneration> candidates = TestCandidates.groups("outage", CANDIDATES / 4, 4);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), meters);
                 OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(),
                         d.critiquesTopic(), d.deadLetterTopic(), CANDIDATES).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);

                await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() >= 20 && first.stats().inFlight() > 0);
                double retriesBefore = retries(meters, null);
                first.stop();
                await().atMost(Duration.ofMinutes(1)).until(() -> retries(meters, null) > retriesBefore);

                second.start();
                await().atMost(Duration.ofMinutes(1)).until(() -> retries(meters, "model_not_ready") > 0);
                assertThat(out.rewardCount()).as("the outage holds rewards back").isLessThan(CANDIDATES);
                second.setModelReady(MODEL, true);

                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(out.rewardsPerCandidate()).hasSize(CANDIDATES);
                    assertThat(out.critiquesPerCandidate()).hasSize(CANDIDATES);
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("arbiter.pending.candidates").gauge().value() == 0.0);

                Set<String> ids = candidates.stream().map(CandidateGeneration::getCandidateId).collect(Collectors.toSet());
                assertThat(out.rewardsPerCandidate()).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                assertThat(out.critiquesPerCandidate()).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                assertThat(out.rewards()).allSatisfy(r -> assertThat(r.getStatus()).as(r.getCandidateId()).isEqualTo(RewardStatus.OK));
                assertThat(out.rewards()).as("calls cut by the outage were made again")
                        .anySatisfy(r -> assertThat(r.getAttempts()).isGreaterThanOrEqualTo(2));
            }
        } finally {
            first.close();
            second.close();
        }
    }

    /** Judge calls scheduled again, of one failure kind or (null) of all kinds. */
    private static double retries(SimpleMeterRegistry meters, String kind) {
        var search = meters.find("arbiter.judge.retries");
        if (kind != null) search = search.tag("kind", kind);
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }
}
