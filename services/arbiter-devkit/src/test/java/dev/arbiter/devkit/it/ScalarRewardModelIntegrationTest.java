package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.emit.RewardFlags;
import dev.arbiter.triton.batching.DynamicBatcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scalar judge kind on real parts: the broker, the registry, and the development server
 * really executing all-MiniLM-L6-v2 behind Triton's dynamic batching, reached by unary
 * ModelInfer calls that each carry several candidates. A thousand candidates (a hundred best-of-N
 * groups of ten, each with a reference answer and one paraphrase of it among nine unrelated
 * answers) give exactly a thousand rewards, no critiques, a hundred best-of-N records that pick
 * the paraphrase, and the server's own counters show requests merged into larger executions.
 */
@ExtendWith(SharedInfrastructure.class)
class ScalarRewardModelIntegrationTest {

    private static final String MODEL = "all-minilm-l6-v2-q";
    private static final int PROMPTS = 100;
    private static final int N = 10;

    /** question, reference answer, a paraphrase of the reference */
    private static final String[][] TOPICS = {
        {"Why is the sky blue?", "Air molecules scatter short blue wavelengths of sunlight much more than long red ones.",
            "Sunlight is scattered by the gases of the air, and blue light, with its shorter wavelength, is scattered the most."},
        {"At what temperature does water boil?", "Water boils at 100 degrees Celsius at sea level, and cooler at altitude.",
            "At sea level water boils at one hundred degrees Celsius; higher up, on mountains, it boils at a lower temperature."},
        {"What do plants need for photosynthesis?", "Plants use sunlight, water and carbon dioxide to make sugar and oxygen.",
            "With light, water and CO2, a plant produces glucose and releases oxygen."},
        {"How does a hash table find a key?", "A hash table hashes the key to an index of an array and looks in that bucket.",
            "The key's hash picks a slot of the underlying array, and the lookup searches just that bucket."},
        {"What causes the seasons?", "Seasons come from the tilt of Earth's axis, which changes how directly sunlight strikes each hemisphere.",
            "Because Earth's axis is tilted, each hemisphere receives sunlight more or less directly through the year."},
    };
    private static final List<String> UNRELATED = List.of(
            "My favourite football team won the league three years in a row.",
            "To bake sourdough, feed the starter the night before and let the dough rise slowly in the fridge.",
            "The train to the coast leaves at nine and the tickets are cheaper online.",
            "Knitting a scarf takes patience, soft wool and a pair of bamboo needles.",
            "Our cat sleeps on the windowsill every afternoon.",
            "The museum opens a new exhibition of medieval maps next spring.",
            "Remember to water the tomatoes twice a week in summer.",
            "Jazz musicians often improvise over a standard chord progression.",
            "He repainted the old bicycle bright green before selling it.");

    @Test
    void aThousandCandidatesThroughTheScalarProfileGiveAThousandRewardsFromMergedBatches(
            SharedInfrastructure.Parts infra, @TempDir Path state) throws Exception {
        String run = "scalar" + UUID.randomUUID().toString().substring(0, 6);
        List<CandidateGeneration> candidates = new ArrayList<>();
        Map<String, String> paraphraseOf = new java.util.HashMap<>();
        for (int p = 0; p < PROMPTS; p++) {
            String[] topic = TOPICS[p % TOPICS.length];
            String prompt = run + "-p" + p;
            int best = p % N; // the paraphrase sits at a different index in each group
            int other = 0;
            for (int i = 0; i < N; i++) {
                String id = prompt + "-c" + i;
                String response = i == best ? topic[2] : UNRELATED.get(other++) + " (" + i + ")";
                if (i == best) paraphraseOf.put(prompt, id);
                candidates.add(TestCandidates.candidate(id, prompt, N, i, topic[0], response)
                        .setReferenceAnswer(p % 10 == 9 ? null : topic[1]).build());
            }
        }
        try (DevJudge judge = DevJudge.fast()) {
            TestDeployment d = TestDeployment.create(run, infra, judge.target(), state,
                    Map.of("arbiter.judge.profile", "minilm-similarity"));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry());
                 TopicReader<Reward> rewards = new TopicReader<>(infra.bootstrapServers(), registry, d.rewardsTopic(), Reward.class);
                 TopicReader<BestOfN> selections = new TopicReader<>(infra.bootstrapServers(), registry, d.bestOfNTopic(), BestOfN.class);
                 TopicReader<Critique> critiques = new TopicReader<>(infra.bootstrapServers(), registry, d.critiquesTopic(), Critique.class);
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);

                List<Reward> out = rewards.readUntil(r -> r.size() >= candidates.size(), Duration.ofMinutes(4));
                Map<String, Reward> byCandidate = out.stream().collect(Collectors.toMap(Reward::getCandidateId, Function.identity()));
                assertThat(out).as("exactly one reward per candidate").hasSize(candidates.size());
                assertThat(byCandidate.keySet()).containsExactlyInAnyOrderElementsOf(
                        candidates.stream().map(CandidateGeneration::getCandidateId).toList());
                assertThat(out).allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo(RewardStatus.OK);
                    assertThat(r.getJudge().getModel()).isEqualTo(MODEL);
                    assertThat(r.getRatingMin()).isEqualTo(-1.0);
                    assertThat(r.getRatingMax()).isEqualTo(1.0);
                    assertThat(r.getReward()).isCloseTo((r.getRawRating() + 1) / 2, org.assertj.core.data.Offset.offset(1e-9));
                });
                assertThat(out).filteredOn(r -> r.getFlags().contains(RewardFlags.SCORED_AGAINST_QUESTION))
                        .as("the tenth of the prompts without a reference answer").hasSize(PROMPTS / 10 * N);

                List<BestOfN> groups = selections.readUntil(r -> r.size() >= PROMPTS, Duration.ofMinutes(2));
                assertThat(groups).hasSize(PROMPTS).allSatisfy(b -> assertThat(b.getWinnerCandidateId()).as(b.getPromptId())
                        .isEqualTo(paraphraseOf.get(b.getPromptId())));
                assertThat(critiques.readFor(Duration.ofSeconds(2))).as("a scalar model writes no critique").isEmpty();
            }
            DynamicBatcher.Stats batching = judge.server().batching(MODEL).orElseThrow();
            assertThat(batching.merged()).as("executions that merged several ModelInfer requests").isPositive();
            assertThat(batching.averageBatch()).as("rows per ONNX Runtime execution").isGreaterThan(2.0);
            assertThat(batching.largestBatch()).isLessThanOrEqualTo(32);
        }
    }
}
