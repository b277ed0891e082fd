package dev.arbiter.devkit.it;

import dev.arbiter.devkit.runtime.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.TopicProvisioner;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.devserver.cost.CostModel;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload: the service runs as its own process under {@code -Xmx256m} while a burst of 2,000
 * candidates lands at once on a judge that answers about a hundred a second (eight sequences at
 * a time), so the burst is many times what the judge can take while it arrives. Each task holds
 * at most {@code max-pending-per-task} candidates; the rest stay in Kafka until there is room.
 * The process survives, the stored backlog never passes the caps, and the burst drains with
 * exactly one reward per candidate.
 */
@ExtendWith(SharedInfrastructure.class)
class OverloadIntegrationTest {

    private static final int CANDIDATES = 2_000;
    private static final int PARTITIONS = 3;
    private static final int MAX_PENDING_PER_TASK = 100;

    @Test
    void aBurstBeyondTheJudgesCapacityUnderASmallHeapIsHeldByKafkaAndDrainsExactlyOnce(SharedInfrastructure.Parts infra,
                                                                                      @TempDir Path state) throws Exception {
        JudgeDevServerConfig judgeConfig = JudgeDevServerConfig.instant().withCost(new CostModel(0.25, 4_000, Duration.ofMillis(4), 8, 0));
        try (JudgeDevServer judge = new JudgeDevServer(judgeConfig).start()) {
            TestDeployment d = TestDeployment.create("overload", infra, judge.target(), state, Map.of(
                    "arbiter.pipeline.max-pending-per-task", String.valueOf(MAX_PENDING_PER_TASK),
                    "arbiter.pipeline.window-per-task", "50",
                    "arbiter.judge.max-in-flight", "32",
                    "arbiter.http.enabled", "true",
                    "arbiter.http.bind-address", "127.0.0.1",
                    "arbiter.http.port", "0"));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            new TopicProvisioner(infra.broker().adminProperties(), Duration.ofSeconds(30))
                    .ensure(List.of(d.candidatesTopic(), d.rewardsTopic(), d.critiquesTopic(), d.deadLetterTopic(),
                            d.pairwiseRequestsTopic(), d.pairwiseResultsTopic(), d.judgeMetricsTopic(), d.bestOfNTopic(),
                            d.preferencePairsTopic()), PARTITIONS, (short) 1);
            List<CandidateGeneration> candidates = TestCandidates.groups("overload", CANDIDATES / 4, 4);
            try (OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(),
                    d.critiquesTopic(), d.deadLetterTopic(), CANDIDATES).start();
                 ServiceProcess service = ServiceProcess.start(d.commandLine(), "256m");
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                service.awaitReady(Duration.ofMinutes(2));
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);

                AtomicReference<Double> mostPending = new AtomicReference<>(0.0);
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertThat(service.alive()).as("the service survives the burst under -Xmx256m").isTrue();
                    mostPending.accumulateAndGet(service.gauge("arbiter_pending_candidates"), Math::max);
                    return out.rewardsPerCandidate().size() == CANDIDATES;
                });
                assertThat(mostPending.get()).as("the stored backlog stayed within the caps; Kafka held the rest")
                        .isPositive().isLessThanOrEqualTo(PARTITIONS * MAX_PENDING_PER_TASK);
                await().atMost(Duration.ofSeconds(60)).until(() -> service.gauge("arbiter_pending_candidates") == 0.0);
                ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, candidates);
                assertThat(service.alive()).isTrue();
            }
        }
    }
}
