package dev.arbiter.devkit.it;

import dev.arbiter.devkit.runtime.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.app.runtime.TopicProvisioner;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.JudgeMetricsWindow;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PreferencePair;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.bestofn.SelectionStrategy;
import dev.arbiter.streams.probe.ProbeSampler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the service process with SIGKILL while judge requests are in flight, twice, and
 * restarts it each time: every candidate must still get exactly one reward and one critique,
 * and every preference pair exactly one result, under read_committed. The judge is slowed (GPU cost model at real time scale) so that there is
 * always work in flight when the kill lands.
 */
@ExtendWith(SharedInfrastructure.class)
class CrashRecoveryIntegrationTest {

    private static final int CANDIDATES = 600;
    private static final int PAIRS = 100;
    /** A quarter of the 150 groups get a consistency probe, so probes too are in flight when a kill lands. */
    private static final double PROBE_RATE = 0.25;

    @Test
    void rewardsAndPairResultsAreEmittedExactlyOnceAfterTheServiceIsKilledMidFlight(SharedInfrastructure.Parts infra, @TempDir Path state)
            throws Exception {
        try (DevJudge judge = DevJudge.slow()) {
            TestDeployment d = TestDeployment.create("crash", infra, judge.target(), state, Map.of(
                    // Static membership: the restarted instance takes over its partitions at once,
                    // as the Helm chart's StatefulSet does with the pod name.
                    "arbiter.kafka.streams.group.instance.id", "crash-test-instance",
                    "arbiter.kafka.streams.consumer.session.timeout.ms", "10000",
                    "arbiter.judge.max-in-flight", "32",
                    "arbiter.judge-health.probe-rate", String.valueOf(PROBE_RATE),
                    "arbiter.judge-health.metrics-window-ms", "1000",
                    "arbiter.http.enabled", "true",
                    "arbiter.http.bind-address", "127.0.0.1",
                    "arbiter.http.port", "0"));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            // All of them before the watcher subscribes: a consumer subscribing to a missing topic
            // makes the broker auto-create it, outside the provisioner's wait for serving leaders.
            new TopicProvisioner(infra.broker().adminProperties(), Duration.ofSeconds(30))
                    .ensure(List.of(d.candidatesTopic(), d.rewardsTopic(), d.critiquesTopic(), d.deadLetterTopic(),
                            d.pairwiseRequestsTopic(), d.pairwiseResultsTopic(), d.judgeMetricsTopic(), d.bestOfNTopic(),
                            d.preferencePairsTopic()), 3, (short) 1);
            // Every other group runs a knockout (three matches in two rounds), so selections are in
            // flight when the kills land.
            List<CandidateGeneration> candidates = TestCandidates.groups("crash", CANDIDATES / 4, 4).stream()
                    .map(c -> Integer.parseInt(c.getPromptId().substring(c.getPromptId().lastIndexOf('-') + 1)) % 2 == 0
                            ? CandidateGeneration.newBuilder(c).setMetadata(Map.of(SelectionStrategy.METADATA_KEY, "knockout")).build()
                            : c)
                    .toList();
            List<PairwiseRequest> pairs = TestCandidates.pairs("crash", PAIRS);
            try (OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(),
                    d.critiquesTopic(), d.deadLetterTopic(), Optional.of(d.pairwiseResultsTopic()), CANDIDATES).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                ConfluentAvroSerializer<CandidateGeneration> serializer = new ConfluentAvroSerializer<>(registry, false);
                ConfluentAvroSerializer<PairwiseRequest> pairSerializer = new ConfluentAvroSerializer<>(registry, false);
                String pairsTopic = d.pairwiseRequestsTopic();
                for (int i = 0; i < candidates.size(); i++) {
                    CandidateGeneration c = candidates.get(i);
                    producer.send(new ProducerRecord<>(d.candidatesTopic(), c.getPromptId(), serializer.serialize(d.candidatesTopic(), c)));
                    // Pairs interleaved with the candidates, so some are in flight when a kill lands.
                    if (i % (CANDIDATES / PAIRS) == 0) {
                        PairwiseRequest p = pairs.get(i / (CANDIDATES / PAIRS));
                        producer.send(new ProducerRecord<>(pairsTopic, p.getPromptId(), pairSerializer.serialize(pairsTopic, p)));
                    }
                }
                producer.flushAndConfirm();

                ServiceProcess first = ServiceProcess.start(d.commandLine());
                first.awaitReady(Duration.ofMinutes(2));
                await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() >= 60 && judge.inFlight() > 0
                        && first.gauge("arbiter_pending_selections") > 0);
                long before = out.rewardCount();
                first.kill(); // with groups open and a tournament between rounds

                ServiceProcess second = ServiceProcess.start(d.commandLine());
                second.awaitReady(Duration.ofMinutes(2));
                await().atMost(Duration.ofMinutes(2)).until(() -> out.rewardCount() >= before + 100 && judge.inFlight() > 0);
                second.kill();

                try (ServiceProcess third = ServiceProcess.start(d.commandLine())) {
                    third.awaitReady(Duration.ofMinutes(2));
                    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                        assertThat(out.rewardsPerCandidate()).hasSize(CANDIDATES);
                        assertThat(out.critiquesPerCandidate()).hasSize(CANDIDATES);
                        assertThat(out.resultsPerPair()).hasSize(PAIRS);
                    });
                    // Killed instances' open transactions are aborted, never committed, so the only
                    // possible source of a late duplicate is the live instance: wait until it has
                    // nothing pending, then count.
                    await().atMost(Duration.ofSeconds(60)).until(() -> third.gauge("arbiter_pending_candidates") == 0.0
                            && third.gauge("arbiter_pending_pairs") == 0.0 && third.gauge("arbiter_pending_selections") == 0.0);
                    ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, candidates);
                    assertThat(out.rewardCount()).isEqualTo(CANDIDATES);
                    Set<String> pairIds = pairs.stream().map(PairwiseRequest::getPairId).collect(Collectors.toSet());
                    assertThat(out.resultsPerPair()).containsOnlyKeys(pairIds).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                    assertThat(out.pairwiseResults()).allSatisfy(r -> assertThat(r.getStatus()).as(r.getPairId()).isEqualTo(RewardStatus.OK));
                    // Two calls per pair (both orders); more means the pair was pending across a kill.
                    assertThat(out.pairwiseResults()).anySatisfy(r -> assertThat(r.getAttempts()).isGreaterThan(2));
                    // Candidates pending when a kill landed were re-submitted by the next instance.
                    assertThat(out.rewards()).anySatisfy(r -> assertThat(r.getAttempts()).isGreaterThanOrEqualTo(2));

                    // The judge-metrics topic counts every judgement once too, probes included:
                    // its windows and the probes' partners live in changelogged stores.
                    long sampledGroups = candidates.stream().map(CandidateGeneration::getPromptId).distinct()
                            .filter(new ProbeSampler(PROBE_RATE)::samples).count();
                    assertThat(sampledGroups).as("the run samples some groups").isPositive();
                    try (TopicReader<JudgeMetricsWindow> metrics = new TopicReader<>(infra.bootstrapServers(), registry, d.judgeMetricsTopic(), JudgeMetricsWindow.class)) {
                        List<JudgeMetricsWindow> windows = metrics.readUntil(w -> sum(w, "grading", JudgeMetricsWindow::getVerdicts) >= CANDIDATES
                                && sum(w, "pairwise", JudgeMetricsWindow::getPairs) >= PAIRS
                                && sum(w, "probe", JudgeMetricsWindow::getPairs) >= sampledGroups, Duration.ofSeconds(60));
                        assertThat(sum(windows, "grading", JudgeMetricsWindow::getVerdicts)).isEqualTo(CANDIDATES);
                        assertThat(sum(windows, "pairwise", JudgeMetricsWindow::getPairs)).isEqualTo(PAIRS);
                        assertThat(sum(windows, "probe", JudgeMetricsWindow::getPairs)).isEqualTo(sampledGroups);
                    }

                    // One best-of-N record per group and at most one preference pair, tournaments
                    // resumed across the kills included.
                    Set<String> prompts = candidates.stream().map(CandidateGeneration::getPromptId).collect(Collectors.toSet());
                    try (TopicReader<BestOfN> selections = new TopicReader<>(infra.bootstrapServers(), registry, d.bestOfNTopic(), BestOfN.class);
                         TopicReader<PreferencePair> pairsRead = new TopicReader<>(infra.bootstrapServers(), registry,
                                 d.preferencePairsTopic(), PreferencePair.class)) {
                        List<BestOfN> records = selections.readUntil(r -> r.size() >= prompts.size(), Duration.ofSeconds(60));
                        assertThat(records).extracting(BestOfN::getPromptId).doesNotHaveDuplicates()
                                .containsExactlyInAnyOrderElementsOf(prompts);
                        assertThat(records).allSatisfy(b -> assertThat(b.getComplete()).as(b.getPromptId()).isTrue());
                        assertThat(records).filteredOn(b -> b.getStrategy().equals("KNOCKOUT"))
                                .hasSize(prompts.size() / 2)
                                .allSatisfy(b -> assertThat(b.getMatches()).as(b.getPromptId()).hasSize(3));
                        // Written in the transactions of the best-of-N records already read.
                        List<PreferencePair> preference = pairsRead.readFor(Duration.ofSeconds(3));
                        assertThat(preference).isNotEmpty().extracting(PreferencePair::getPromptId).doesNotHaveDuplicates()
                                .isSubsetOf(prompts);
                    }
                }
            }
        }
    }

    private static long sum(List<JudgeMetricsWindow> windows, String source, ToLongFunction<JudgeMetricsWindow> count) {
        return windows.stream().filter(w -> w.getSource().equals(source)).mapToLong(count).sum();
    }
}
