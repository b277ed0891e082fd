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
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling while judge calls are in flight: a second instance joins (partitions move to it with
 * work pending on the first), then the first leaves (they move back). The new owner of a
 * partition re-submits what its changelog holds as pending, and answers the old owner receives
 * after losing the partition are dropped, so every candidate still gets exactly one reward.
 */
@ExtendWith(SharedInfrastructure.class)
class RebalanceIntegrationTest {

    // Enough work that the joining instance, which restores every store of the tasks it takes over, still finds some.
    private static final int CANDIDATES = 800;

    @Test
    void rewardsStayExactlyOnceWhenAnInstanceJoinsAndAnotherLeavesMidFlight(SharedInfrastructure.Parts infra,
                                                                           @TempDir Path stateA, @TempDir Path stateB)
            throws Exception {
        try (DevJudge judge = DevJudge.slow()) {
            Map<String, String> settings = Map.of(
                    "arbiter.judge.max-in-flight", "16",
                    // A closed Streams member does not leave its group (so a restart keeps its tasks);
                    // the survivor takes its partitions over once the session times out.
                    "arbiter.kafka.streams.consumer.session.timeout.ms", "10000");
            TestDeployment a = TestDeployment.create("rebalance", infra, judge.target(), stateA, settings);
            TestDeployment b = TestDeployment.create("rebalance", infra, judge.target(), stateB, settings);
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            List<CandidateGeneration> candidates = TestCandidates.groups("rebalance", CANDIDATES / 4, 4);
            SimpleMeterRegistry metersB = new SimpleMeterRegistry();
            ArbiterService first = ArbiterService.start(a.config(), a.endpoints(), new SimpleMeterRegistry());
            boolean firstClosed = false;
            try (OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, a.rewardsTopic(),
                         a.critiquesTopic(), a.deadLetterTopic(), CANDIDATES).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(a.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);
                await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() >= 40 && judge.inFlight() > 0);

                try (ArbiterService second = ArbiterService.start(b.config(), b.endpoints(), metersB)) {
                    long joined = out.rewardCount();
                    // Both instances own work: the second has taken partitions over and is judging.
                    await().atMost(Duration.ofMinutes(2)).until(() -> second.isRunning() && emitted(metersB) > 0
                            && out.rewardCount() >= joined + 40 && judge.inFlight() > 0);
                    first.close(); // its partitions move to the second with work pending
                    firstClosed = true;

                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                        assertThat(out.rewardsPerCandidate()).hasSize(CANDIDATES);
                        assertThat(out.critiquesPerCandidate()).hasSize(CANDIDATES);
                    });
                    await().atMost(Duration.ofSeconds(30)).until(() -> metersB.get("arbiter.pending.candidates").gauge().value() == 0.0);
                }
                ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, candidates);
                assertThat(out.rewards()).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(RewardStatus.OK));
                assertThat(out.rewards()).as("work pending at a hand-over was judged again by the new owner")
                        .anySatisfy(r -> assertThat(r.getAttempts()).isGreaterThanOrEqualTo(2));
            } finally {
                if (!firstClosed) first.close();
            }
        }
    }

    private static double emitted(SimpleMeterRegistry meters) {
        return meters.get("arbiter.rewards.emitted").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
