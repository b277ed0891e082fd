package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's backpressure rule on real parts. The judge server is stopped for 60 seconds while
 * candidates keep arriving on three partitions, far past Kafka Streams' 10-second EOS transaction
 * timeout. Accepting a candidate only stores it, so no transaction is held open: no producer is
 * fenced and no task is re-created (the instance never leaves RUNNING and the thread-level
 * task-created count stands still), the backlog waits in the pending stores on disk while only
 * each task's window is held in memory, and when the judge is back every candidate gets exactly
 * one OK reward.
 */
@ExtendWith(SharedInfrastructure.class)
class OutageBackpressureIntegrationTest {

    private static final int WINDOW = 16;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void aMinuteLongJudgeOutageNeitherFencesTheProducerNorRecreatesATaskNorLosesAReward(
            SharedInfrastructure.Parts infra, @TempDir Path state) throws Exception {
        try (JudgeDevServer first = new JudgeDevServer(JudgeDevServerConfig.instant()).start();
             JudgeDevServer second = new JudgeDevServer(JudgeDevServerConfig.instant().withPort(first.port()))) {
            TestDeployment d = TestDeployment.create("backpressure", infra, first.target(), state, Map.of(
                    "arbiter.pipeline.window-per-task", Integer.toString(WINDOW)));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            List<CandidateGeneration> sent = new ArrayList<>();
            ConfluentAvroSerializer<CandidateGeneration> serializer = new ConfluentAvroSerializer<>(registry, false);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), meters);
                 OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(),
                         d.critiquesTopic(), d.deadLetterTopic(), 5_000).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                List<CandidateGeneration> warmUp = TestCandidates.groups("warm", 15, 4);
                producer.sendAllAndConfirm(d.candidatesTopic(), serializer, warmUp, CandidateGeneration::getPromptId);
                sent.addAll(warmUp);
                await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() >= warmUp.size());
                List<KafkaStreams.State> historyBefore = service.stateHistory();
                assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
                double tasksCreatedBefore = tasksCreated(meters);

                first.stop();
                long outageEnds = System.nanoTime() + OUTAGE.toNanos();
                int[] burst = {0};
                // One burst of 40 candidates (ten prompts, spread over the three partitions) a second.
                await().atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    List<CandidateGeneration> b = TestCandidates.groups("outage-" + burst[0]++, 10, 4);
                    producer.sendAllAndConfirm(d.candidatesTopic(), serializer, b, CandidateGeneration::getPromptId);
                    sent.addAll(b);
                    assertThat(active(meters)).as("only the windows are held in memory").isLessThanOrEqualTo(3.0 * WINDOW);
                    return System.nanoTime() >= outageEnds;
                });
                double backlog = meters.get("arbiter.pending.candidates").gauge().value();
                assertThat(backlog).as("the backlog waits on disk, beyond the windows").isGreaterThan(10.0 * 3 * WINDOW);
                assertThat(out.rewardCount()).isEqualTo(warmUp.size());
                System.gc();
                long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                assertThat(heapUsed).as("heap after GC, broker and registry client included").isLessThan(512L << 20);
                assertThat(service.stateHistory()).as("no task was re-created: Streams never left RUNNING")
                        .isEqualTo(historyBefore);
                assertThat(tasksCreated(meters)).as("no task was created during the outage").isEqualTo(tasksCreatedBefore);

                second.start();
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .until(() -> out.rewardCount() >= sent.size());
                ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, sent);
                assertThat(out.rewards()).allSatisfy(r -> assertThat(r.getStatus()).as(r.getCandidateId()).isEqualTo(RewardStatus.OK));
                assertThat(service.stateHistory()).isEqualTo(historyBefore);
            }
        }
    }

    private static double active(SimpleMeterRegistry meters) {
        return meters.get("arbiter.engine.active").tag("branch", "grading").gauge().value();
    }

    private static double tasksCreated(SimpleMeterRegistry meters) {
        return meters.find("kafka.stream.thread.task.created.total").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }
}
