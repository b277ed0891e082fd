package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.RankedCandidate;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.schema.SelectionMatch;
import dev.arbiter.streams.bestofn.SelectionStrategy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Best-of-N tournaments on real parts: the broker, the registry and the development judge over
 * gRPC, with no position bias. In each group one candidate is the careful answer the development
 * judge's heuristic scores clearly highest (in single grading and in every pairwise comparison),
 * and the others are distinct weaker answers, so each strategy must pick it, and every match it
 * played must have been judged in both orders and found consistent. The judge calls each
 * strategy spent are checked against its documented cost (docs/best-of-n.md).
 */
@ExtendWith(SharedInfrastructure.class)
class BestOfNIntegrationTest {

    private static final String CAREFUL = "Here is a careful answer.\n\n1. First, the key mechanism and why it matters.\n"
            + "2. Second, a worked example with numbers.\n3. Finally, the common misconception and why it is wrong.";
    private static final List<String> WEAKER = List.of("I am not sure.", "Maybe.", "It depends, I do not know.");
    private static final int N = 4;

    @Test
    void knockoutAndRoundRobinPickTheCandidateTheDevelopmentJudgePrefersWithEveryMatchConsistent(
            SharedInfrastructure.Parts infra, @TempDir Path state) throws Exception {
        String run = "bon" + UUID.randomUUID().toString().substring(0, 6);
        List<CandidateGeneration> candidates = new ArrayList<>();
        for (SelectionStrategy strategy : List.of(SelectionStrategy.KNOCKOUT, SelectionStrategy.ROUND_ROBIN)) {
            for (int g = 0; g < 3; g++) {
                String prompt = run + "-" + strategy + "-" + g;
                int best = (g + 1) % N; // the careful answer sits at a different index in each group
                int weak = 0;
                for (int i = 0; i < N; i++) {
                    candidates.add(TestCandidates.candidate(prompt + "-" + i, prompt, N, i, "How do vaccines train the immune system?",
                                    i == best ? CAREFUL : WEAKER.get(weak++))
                            .setMetadata(Map.of(SelectionStrategy.METADATA_KEY, strategy.name())).build());
                }
            }
        }
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create(run, infra, judge.target(), state, Map.of("arbiter.judge-health.probe-rate", "0"));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry());
                 TopicReader<BestOfN> selections = new TopicReader<>(infra.bootstrapServers(), registry, d.bestOfNTopic(), BestOfN.class);
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);
                List<BestOfN> records = selections.readUntil(r -> r.size() >= 6, Duration.ofMinutes(2));

                assertThat(records).hasSize(6).allSatisfy(b -> {
                    String careful = candidates.stream().filter(c -> c.getPromptId().equals(b.getPromptId())
                            && c.getResponse().equals(CAREFUL)).findFirst().orElseThrow().getCandidateId();
                    assertThat(b.getWinnerCandidateId()).as(b.getPromptId()).isEqualTo(careful);
                    assertThat(b.getRanking()).extracting(RankedCandidate::getStatus).containsOnly(RewardStatus.OK);
                    assertThat(b.getMatches()).filteredOn(m -> m.getCandidateIdA().equals(careful) || m.getCandidateIdB().equals(careful))
                            .isNotEmpty()
                            .allSatisfy(m -> {
                                assertThat(m.getJudgements()).extracting(j -> j.getOrder()).containsExactlyInAnyOrder("FORWARD", "SWAPPED");
                                assertThat(m.getConsistencyMeasured()).isTrue();
                                assertThat(m.getConsistent()).as("the careful answer wins whichever order it is shown in").isTrue();
                            });
                });
                assertThat(records).filteredOn(b -> b.getStrategy().equals("KNOCKOUT")).allSatisfy(b -> {
                    assertThat(b.getMatches()).extracting(SelectionMatch::getRound).containsExactly(0, 0, 1);
                    assertThat(b.getJudgeCalls()).as("(N - 1) matches, two orders each").isEqualTo((N - 1) * 2);
                });
                assertThat(records).filteredOn(b -> b.getStrategy().equals("ROUND_ROBIN")).allSatisfy(b -> {
                    assertThat(b.getMatches()).hasSize(N * (N - 1) / 2);
                    assertThat(b.getJudgeCalls()).as("N(N - 1) calls").isEqualTo(N * (N - 1));
                    assertThat(b.getRanking().get(0).getMatchScore()).as("won all three").isEqualTo(3.0);
                });
            }
        }
    }
}
