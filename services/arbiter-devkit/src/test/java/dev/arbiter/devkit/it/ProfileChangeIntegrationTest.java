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
import dev.arbiter.schema.DeadLetter;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's restore rule on real parts: work is pending (the judge's model is not ready) when the
 * service is restarted with a judge profile that no longer offers pairwise comparison nor the
 * additive protocol. Every pending pair and every pending additive candidate gets exactly one
 * JUDGE_FAILED result flagged UNSUPPORTED_PROTOCOL, the single-graded candidates get their OK
 * rewards, a new pair is dead-lettered, and the service keeps running: it never crash-loops on
 * its own stored work.
 */
@ExtendWith(SharedInfrastructure.class)
class ProfileChangeIntegrationTest {

    private static final String MODEL = "auto-j-13b-gptq";

    @Test
    void pendingWorkWhoseProtocolTheNewProfileLacksGetsOneFailedResultWithItsReason(SharedInfrastructure.Parts infra,
                                                                                    @TempDir Path state) throws Exception {
        Path profile = state.resolve("auto-j-single-only.properties");
        Files.writeString(profile, String.join("\n",
                "name=auto-j-single-only",
                "model=" + MODEL,
                "chat-format=LLAMA2",
                "context-window-tokens=4096",
                "sampling.temperature=0.0",
                "sampling.top-p=1.0",
                "sampling.max-tokens=1024",
                "default-protocol=SINGLE",
                "protocol.SINGLE.template=autoj-single",
                "protocol.SINGLE.template-version=1",
                "protocol.SINGLE.parser=rating-brackets",
                "protocol.SINGLE.scale-min=1",
                "protocol.SINGLE.scale-max=10",
                "vote.samples=1",
                "vote.temperature=0.7", ""), StandardCharsets.UTF_8);
        try (DevJudge judge = DevJudge.fast()) {
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            List<CandidateGeneration> single = TestCandidates.groups("keep", 3, 2);
            List<CandidateGeneration> additive = new ArrayList<>();
            for (CandidateGeneration c : TestCandidates.groups("additive", 2, 2)) {
                additive.add(CandidateGeneration.newBuilder(c).setProtocol(JudgeProtocol.ADDITIVE).build());
            }
            List<PairwiseRequest> pairs = TestCandidates.pairs("withdrawn", 5);
            TestDeployment before = TestDeployment.create("profile-change", infra, judge.target(), state.resolve("streams"), Map.of());
            TestDeployment after = TestDeployment.create("profile-change", infra, judge.target(), state.resolve("streams"),
                    Map.of("arbiter.judge.profile", profile.toString()));

            try (OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, before.rewardsTopic(),
                         before.critiquesTopic(), before.deadLetterTopic(), Optional.of(before.pairwiseResultsTopic()), 100).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                SimpleMeterRegistry meters = new SimpleMeterRegistry();
                try (ArbiterService service = ArbiterService.start(before.config(), before.endpoints(), meters)) {
                    judge.server().setModelReady(MODEL, false); // nothing gets judged: it all stays pending
                    List<CandidateGeneration> candidates = new ArrayList<>(single);
                    candidates.addAll(additive);
                    producer.sendAllAndConfirm(before.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                            candidates, CandidateGeneration::getPromptId);
                    producer.sendAllAndConfirm(before.pairwiseRequestsTopic(), new ConfluentAvroSerializer<>(registry, false),
                            pairs, PairwiseRequest::getPromptId);
                    await().atMost(Duration.ofMinutes(1)).until(() ->
                            meters.get("arbiter.pending.candidates").gauge().value() == candidates.size()
                                    && meters.get("arbiter.pending.pairs").gauge().value() == pairs.size());
                    assertThat(out.rewardCount()).isZero();
                }
                judge.server().setModelReady(MODEL, true);

                SimpleMeterRegistry afterMeters = new SimpleMeterRegistry();
                try (ArbiterService service = ArbiterService.start(after.config(), after.endpoints(), afterMeters)) {
                    assertThat(service.pairwiseEnabled()).isFalse();
                    await().atMost(Duration.ofMinutes(2)).until(() ->
                            out.rewardCount() >= single.size() + additive.size() && out.pairwiseResultCount() >= pairs.size());

                    assertThat(out.pairwiseResults()).hasSize(pairs.size()).allSatisfy(r -> {
                        assertThat(r.getStatus()).isEqualTo(RewardStatus.JUDGE_FAILED);
                        assertThat(r.getFlags()).contains("JUDGE_FAILED", "UNSUPPORTED_PROTOCOL");
                        assertThat(r.getWinner()).isNull();
                        assertThat(r.getJudge().getProfile()).isEqualTo("auto-j-single-only");
                    });
                    assertThat(out.resultsPerPair()).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                    for (Reward r : out.rewards()) {
                        boolean wasAdditive = r.getCandidateId().startsWith("additive");
                        assertThat(r.getStatus()).as(r.getCandidateId())
                                .isEqualTo(wasAdditive ? RewardStatus.JUDGE_FAILED : RewardStatus.OK);
                        if (wasAdditive) assertThat(r.getFlags()).contains("UNSUPPORTED_PROTOCOL");
                    }
                    List<CandidateGeneration> all = new ArrayList<>(single);
                    all.addAll(additive);
                    ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, all);
                    assertThat(afterMeters.get("arbiter.engine.withdrawn").tag("branch", "pairwise")
                            .tag("reason", "UNSUPPORTED_PROTOCOL").counter().count()).isEqualTo(pairs.size());

                    // New pairs are turned away at the door, with the same reason.
                    producer.sendAllAndConfirm(after.pairwiseRequestsTopic(), new ConfluentAvroSerializer<>(registry, false),
                            TestCandidates.pairs("late", 1), PairwiseRequest::getPromptId);
                    await().atMost(Duration.ofMinutes(1)).until(() -> out.deadLetterCount() >= 1);
                    assertThat(out.deadLetters()).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.UNSUPPORTED_PROTOCOL);
                    assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
                    assertThat(service.stateHistory()).doesNotContain(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
                }
            }
        }
    }
}
