package dev.arbiter.devkit.it;

import dev.arbiter.devkit.runtime.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.TopicProvisioner;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PairwiseRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills under load, as Kafka's own system tests do them: the service runs as its own process over
 * 20,000 candidates (5,000 best-of-N groups of four) and 500 pairwise requests and is killed with
 * SIGKILL at three seeded random points of the first 15,000, a new process taking over each time.
 * Then a second instance starts, the last 5,000 are written as it joins, and the first is
 * killed in the middle of the rebalance its joining starts: as soon as a poll (every 20 ms) sees
 * the first give up tasks (its Streams state REBALANCING) or the second restore the ones it was
 * handed ({@code arbiter_streams_restoring_partitions} above 0), with candidates still to judge.
 * Active tasks move at once (no warm-up replicas: the acceptable recovery lag is unbounded here),
 * so that rebalance hands state over rather than only starting copies of it. At the end a
 * read_committed consumer finds exactly one reward and critique per candidate, one result per
 * pair and one best-of-N record per group.
 */
@ExtendWith(SharedInfrastructure.class)
class KillsUnderLoadIntegrationTest {

    private static final int CANDIDATES = 20_000;
    /** Written before the kills; the rest waits for the handover, so the rebalance happens under load. */
    private static final int FIRST_PART = 15_000;
    private static final int PAIRS = 500;
    private static final long SEED = 20261202L;

    @Test
    void seededKillsAndAKillInTheMiddleOfARebalanceCostAndDoubleNothing(SharedInfrastructure.Parts infra, @TempDir Path state,
                                                            @TempDir Path secondState) throws Exception {
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create("kills", infra, judge.target(), state, Map.of(
                    "arbiter.kafka.streams.consumer.session.timeout.ms", "10000",
                    "arbiter.kafka.streams.acceptable.recovery.lag", String.valueOf(Long.MAX_VALUE),
                    "arbiter.judge-health.probe-rate", "0",
                    "arbiter.http.enabled", "true",
                    "arbiter.http.bind-address", "127.0.0.1",
                    "arbiter.http.port", "0"));
            TestDeployment other = new TestDeployment(d.name(), d.endpoints(), secondState, withStateDir(d.settings(), secondState));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            new TopicProvisioner(infra.broker().adminProperties(), Duration.ofSeconds(30))
                    .ensure(List.of(d.candidatesTopic(), d.rewardsTopic(), d.critiquesTopic(), d.deadLetterTopic(),
                            d.pairwiseRequestsTopic(), d.pairwiseResultsTopic(), d.judgeMetricsTopic(), d.bestOfNTopic(),
                            d.preferencePairsTopic()), 3, (short) 1);
            List<CandidateGeneration> candidates = TestCandidates.groups("kills", CANDIDATES / 4, 4);
            List<PairwiseRequest> pairs = TestCandidates.pairs("kills", PAIRS);
            Random random = new Random(SEED);
            List<Long> killAt = new ArrayList<>();
            for (int i = 0; i < 3; i++) killAt.add((long) (FIRST_PART * (0.1 + 0.25 * i + 0.2 * random.nextDouble())));

            try (OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(), d.critiquesTopic(),
                    d.deadLetterTopic(), java.util.Optional.of(d.pairwiseResultsTopic()), 0)
                    .withSelections(d.bestOfNTopic(), d.preferencePairsTopic()).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                ConfluentAvroSerializer<CandidateGeneration> cs = new ConfluentAvroSerializer<>(registry, false);
                ConfluentAvroSerializer<PairwiseRequest> ps = new ConfluentAvroSerializer<>(registry, false);
                send(producer, d, cs, ps, candidates, pairs, 0, FIRST_PART);

                for (long at : killAt) {
                    try (ServiceProcess victim = ServiceProcess.start(d.commandLine())) {
                        victim.awaitReady(Duration.ofMinutes(2));
                        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(50)).until(() -> out.rewardCount() >= at);
                        victim.kill();
                    }
                }
                try (ServiceProcess first = ServiceProcess.start(d.commandLine())) {
                    first.awaitReady(Duration.ofMinutes(2));
                    long before = out.rewardCount();
                    await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() > before);
                    try (ServiceProcess second = ServiceProcess.start(other.commandLine())) {
                        second.awaitOperatorEndpoint(Duration.ofMinutes(2));
                        // The second's Streams client has started and is joining: write the last part
                        // beside the watch below, so the rebalance meets the first instance busy.
                        CompletableFuture<Void> lastPart = CompletableFuture.runAsync(() -> {
                            try {
                                send(producer, d, cs, ps, candidates, pairs, FIRST_PART, CANDIDATES);
                            } catch (Exception e) {
                                throw new CompletionException(e);
                            }
                        });
                        AtomicReference<String> seen = new AtomicReference<>();
                        AtomicLong rewardsAtKill = new AtomicLong();
                        await("the first instance giving up tasks, or the second restoring them").atMost(Duration.ofMinutes(2))
                                .pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(IOException.class)
                                .until(() -> {
                                    rewardsAtKill.set(out.rewardCount());
                                    if (first.gauge("arbiter_streams_state") == KafkaStreams.State.REBALANCING.ordinal()) {
                                        seen.set("the first instance REBALANCING");
                                    } else if (second.gauge("arbiter_streams_restoring_partitions") > 0) {
                                        seen.set("the second instance restoring");
                                    }
                                    return seen.get() != null;
                                });
                        first.kill();
                        lastPart.get(2, TimeUnit.MINUTES);
                        // What the kill landed on, for whoever reads the test report.
                        System.out.println("killed mid-rebalance on " + seen.get() + ", " + rewardsAtKill.get() + " rewards out");
                        assertThat(rewardsAtKill.get()).as("the rebalance happened with candidates still to judge")
                                .isLessThan(CANDIDATES);
                        second.awaitReady(Duration.ofMinutes(2));
                        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                            assertThat(out.rewardsPerCandidate()).hasSize(CANDIDATES);
                            assertThat(out.resultsPerPair()).hasSize(PAIRS);
                            assertThat(out.selectionsPerPrompt()).hasSize(CANDIDATES / 4);
                        });
                        // Killed instances' open transactions are aborted, never committed: a late duplicate
                        // could only come from the live instance, so wait until it holds nothing, then count.
                        await().atMost(Duration.ofSeconds(60)).until(() -> second.gauge("arbiter_pending_candidates") == 0.0
                                && second.gauge("arbiter_pending_pairs") == 0.0 && second.gauge("arbiter_pending_selections") == 0.0);
                    }
                }
                ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, candidates);
                Set<String> pairIds = pairs.stream().map(PairwiseRequest::getPairId).collect(Collectors.toSet());
                assertThat(out.resultsPerPair()).containsOnlyKeys(pairIds).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                assertThat(out.selectionsPerPrompt()).allSatisfy((prompt, n) -> assertThat(n).as(prompt).isEqualTo(1));
                assertThat(out.rewardsPerCandidate()).as("candidates pending at a kill were judged again by the next owner")
                        .hasSize(CANDIDATES);
            }
        }
    }

    /** Candidates {@code [from, to)}, with a pairwise request after every 40th, confirmed written. */
    private static void send(TestProducer producer, TestDeployment d, ConfluentAvroSerializer<CandidateGeneration> cs,
                             ConfluentAvroSerializer<PairwiseRequest> ps, List<CandidateGeneration> candidates,
                             List<PairwiseRequest> pairs, int from, int to) throws Exception {
        int every = CANDIDATES / PAIRS;
        for (int i = from; i < to; i++) {
            CandidateGeneration c = candidates.get(i);
            producer.send(new ProducerRecord<>(d.candidatesTopic(), c.getPromptId(), cs.serialize(d.candidatesTopic(), c)));
            if (i % every == 0) {
                PairwiseRequest p = pairs.get(i / every);
                producer.send(new ProducerRecord<>(d.pairwiseRequestsTopic(), p.getPromptId(), ps.serialize(d.pairwiseRequestsTopic(), p)));
            }
        }
        producer.flushAndConfirm();
    }

    private static Map<String, String> withStateDir(Map<String, String> settings, Path dir) {
        Map<String, String> s = new java.util.HashMap<>(settings);
        s.put("arbiter.kafka.state-dir", dir.toString());
        return Map.copyOf(s);
    }
}
