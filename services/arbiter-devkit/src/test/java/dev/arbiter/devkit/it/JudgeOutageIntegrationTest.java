package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.devkit.runtime.OutputWatcher;
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
import io.micrometer.core.instrument.FunctionCounter;
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
 * Judge outages on real parts: the Triton-protocol judge server is stopped while calls are in
 * flight (streams cut, connection refused) and later comes back on the same port. While it is
 * away the circuit breaker holds calls back (a judge that is away is not hammered) and opens
 * again by itself once readiness says the model is ready. Every
 * candidate must still get exactly one reward, and none of them a JUDGE_FAILED one: an outage
 * delays rewards, it never fakes them.
 */
@ExtendWith(SharedInfrastructure.class)
class JudgeOutageIntegrationTest {

    private static final int CANDIDATES = 200;
    private static final String MODEL = "auto-j-13b-gptq";
    /** About 8 sequences at a time, a few hundred milliseconds each: work is in flight when the judge goes. */
    private static final JudgeDevServerConfig SLOW_JUDGE = JudgeDevServerConfig.instant()
            .withCost(new CostModel(1.0, 4_000, Duration.ofMillis(4), 8, 0));

    @Test
    void judgeOutageMidRunDelaysRewardsButNeverLosesDoublesOrFailsThem(SharedInfrastructure.Parts infra,
                                                                      @TempDir Path state) throws Exception {
        try (JudgeDevServer first = new JudgeDevServer(SLOW_JUDGE).start();
             JudgeDevServer second = new JudgeDevServer(SLOW_JUDGE.withPort(first.port()));
             Run run = Run.start(infra, state, "outage", first, Map.of())) {
            second.setModelReady(MODEL, false); // comes back still loading its model
            double retriesBefore = retries(run.meters, null);
            first.stop();
            await().atMost(Duration.ofMinutes(1)).until(() -> retries(run.meters, null) > retriesBefore);

            await().atMost(Duration.ofMinutes(1)).until(() -> gauge(run.meters, "arbiter.judge.circuit.state") == 2
                    && gauge(run.meters, "arbiter.judge.inflight") == 0);
            double callsWhileOpen = calls(run.meters);

            second.start();
            // The judge is back but its model is still loading: readiness says no, so the breaker
            // stays open and not one call reaches it, however many items wait for a retry.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> calls(run.meters) == callsWhileOpen && gauge(run.meters, "arbiter.judge.circuit.state") == 2);
            assertThat(run.out.rewardCount()).as("the outage holds rewards back").isLessThan(CANDIDATES);
            second.setModelReady(MODEL, true);

            run.assertExactlyOneOkRewardEach();
            assertThat(run.out.rewards()).as("calls cut by the outage were made again")
                    .anySatisfy(r -> assertThat(r.getAttempts()).isGreaterThanOrEqualTo(2));
            assertThat(gauge(run.meters, "arbiter.judge.circuit.state")).as("closed again").isZero();
            assertThat(run.meters.get("arbiter.judge.circuit.openings").functionCounter().count()).isGreaterThanOrEqualTo(1);
            assertThat(gauge(run.meters, "arbiter.judge.circuit.last.recovery")).as("seconds the judge was away").isPositive();
        }
    }

    /**
     * A task that is full ({@code max-pending-per-task}) waits inside {@code process()} for judge
     * answers. When the judge stays away longer than the Streams producer's transaction timeout,
     * the broker aborts the open transaction and fences the producer; Kafka Streams then migrates
     * the thread's tasks, which restart from their changelogs and re-submit their pending work.
     * That churn must not cost or double a reward. The circuit breaker is kept closed here: with
     * it open, calls wait without results, the full task writes nothing, no transaction stays
     * open, and the outage no longer fences anything (seen while building the breaker); the
     * fencing path is what this test is for.
     */
    @Test
    void fullTasksFencedByTheTransactionTimeoutDuringAnOutageStillEmitEachRewardOnce(SharedInfrastructure.Parts infra,
                                                                                  @TempDir Path state) throws Exception {
        try (JudgeDevServer first = new JudgeDevServer(SLOW_JUDGE).start();
             JudgeDevServer second = new JudgeDevServer(SLOW_JUDGE.withPort(first.port()));
             Run run = Run.start(infra, state, "full-outage", first, Map.of(
                     "arbiter.pipeline.max-pending-per-task", "10",
                     "arbiter.judge.circuit.failure-threshold", "1000000000",
                     // Streams' EOS default is 10 s; shorter keeps the test short, the behaviour is the same.
                     "arbiter.kafka.streams.producer.transaction.timeout.ms", "3000"))) {
            double tasksCreated = tasksCreated(run.meters);
            first.stop();
            // Every task of the thread was closed and created again: the fencing happened.
            await().atMost(Duration.ofMinutes(2)).until(() -> tasksCreated(run.meters) >= tasksCreated + 3);
            second.start();

            run.assertExactlyOneOkRewardEach();
        }
    }

    /** A deployment judging {@link #CANDIDATES} candidates, started and past its first 20 rewards. */
    private static final class Run implements AutoCloseable {
        final SimpleMeterRegistry meters;
        final List<CandidateGeneration> candidates;
        final ArbiterService service;
        final OutputWatcher out;

        private Run(SimpleMeterRegistry meters, List<CandidateGeneration> candidates, ArbiterService service,
                    OutputWatcher out) {
            this.meters = meters;
            this.candidates = candidates;
            this.service = service;
            this.out = out;
        }

        static Run start(SharedInfrastructure.Parts infra, Path state, String name, JudgeDevServer judge,
                         Map<String, String> extra) throws Exception {
            Map<String, String> settings = new HashMap<>(Map.of("arbiter.judge.max-in-flight", "16"));
            settings.putAll(extra);
            TestDeployment d = TestDeployment.create(name, infra, judge.target(), state, settings);
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            List<CandidateGeneration> candidates = TestCandidates.groups(name, CANDIDATES / 4, 4);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), meters);
            Run run = new Run(meters, candidates, service, new OutputWatcher(infra.bootstrapServers(), registry,
                    d.rewardsTopic(), d.critiquesTopic(), d.deadLetterTopic(), CANDIDATES).start());
            try (TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> run.out.rewardCount() >= 20 && judge.stats().inFlight() > 0);
            return run;
        }

        void assertExactlyOneOkRewardEach() {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(out.rewardsPerCandidate()).hasSize(CANDIDATES);
                assertThat(out.critiquesPerCandidate()).hasSize(CANDIDATES);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("arbiter.pending.candidates").gauge().value() == 0.0);
            ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, candidates);
            assertThat(out.rewards()).allSatisfy(r -> assertThat(r.getStatus()).as(r.getCandidateId()).isEqualTo(RewardStatus.OK));
        }

        @Override
        public void close() {
            out.close();
            service.close();
        }
    }

    /** Judge calls scheduled again, of one failure kind or (null) of all kinds. */
    private static double gauge(SimpleMeterRegistry meters, String name) {
        return meters.get(name).gauge().value();
    }

    /** Judge calls that got an answer or a failure, of every outcome. */
    private static double calls(SimpleMeterRegistry meters) {
        return meters.find("arbiter.judge.requests").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double retries(SimpleMeterRegistry meters, String kind) {
        var search = meters.find("arbiter.judge.retries");
        if (kind != null) search = search.tag("kind", kind);
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Kafka Streams' own count of tasks created by the stream thread (Micrometer's KafkaStreamsMetrics). */
    private static double tasksCreated(SimpleMeterRegistry meters) {
        return meters.find("kafka.stream.thread.task.created.total").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }
}
