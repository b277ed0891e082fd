package dev.arbiter.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.scenario.ScenarioGroups;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.PolicyRef;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.support.Candidates;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JudgeHealthMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JudgeHealthMeters meters = new JudgeHealthMeters(registry);
    private final Observations observations = new Observations(ScenarioGroups.autoJ());
    private final JudgeRef judge = JudgeRef.newBuilder().setProfile("p").setModel("m").setTemplate("autoj-single")
            .setTemplateVersion("1").build();

    @Test
    void singleGradingFeedsParseFailuresFlagsTheRatingDistributionAndTheLengthSumsPerScenarioGroup() {
        CandidateGeneration code = Candidates.valid("c-1", "p-1").setScenario("code_generation").setResponse("x".repeat(2000)).build();
        CandidateGeneration other = Candidates.valid("c-2", "p-1").setScenario("a-scenario-nobody-knows").build();
        graded(reward("c-1", RewardStatus.OK, 0.5, List.of("GENERATION_TRUNCATED")), code);
        graded(reward("c-3", RewardStatus.OK, 1.0, List.of("REWARD_HACKING_SUSPECTED", "VERDICT_MARKER_IN_RESPONSE")), code);
        graded(reward("c-2", RewardStatus.PARSE_FAILED, null, List.of("PARSE_FAILED")), other);

        Tags codeTags = Tags.of("model", "m", "template", "autoj-single", "template_version", "1", "scenario_group", "code");
        assertThat(registry.get("arbiter.judge.verdicts").tags(codeTags).tag("status", "OK").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("arbiter.judge.verdicts").tag("scenario_group", "unknown").tag("status", "PARSE_FAILED")
                .counter().count()).as("an unknown scenario is one bounded tag value").isEqualTo(1.0);
        assertThat(registry.get("arbiter.judge.truncations").tags(codeTags).counter().count()).isEqualTo(1.0);
        assertThat(registry.get("arbiter.judge.hacking.flags").tags(codeTags).counter().count()).isEqualTo(1.0);
        assertThat(registry.get("arbiter.judge.rating").tags(codeTags).summary().count()).isEqualTo(2);
        assertThat(registry.get("arbiter.judge.rating").tags(codeTags).summary().totalAmount()).isEqualTo(1.5);
        assertThat(registry.get("arbiter.judge.length.rating.sums").tags(codeTags).tag("term", "n").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("arbiter.judge.length.rating.sums").tags(codeTags).tag("term", "xy").counter().count())
                .as("x in thousands of characters: 2 * 0.5 + 2 * 1.0").isEqualTo(3.0);
        assertThat(registry.find("arbiter.judge.rating").tag("scenario_group", "unknown").summary())
                .as("no rating without a verdict").isNull();
    }

    @Test
    void pairwiseFeedsConsistencyPositionPreferenceAndWhetherTheLongerResponseWon() {
        JudgeRef pairJudge = JudgeRef.newBuilder(judge).setTemplate("autoj-pairwise").build();
        dev.arbiter.schema.PairwiseRequest request = dev.arbiter.schema.PairwiseRequest.newBuilder().setPairId("pr").setPromptId("p")
                .setPrompt(List.of(new dev.arbiter.schema.ChatTurn("user", "q"))).setResponseA("a much longer answer")
                .setResponseB("short").setProducedAt(Instant.EPOCH).setMetadata(Map.of("scenario", "text_summarization")).build();
        dev.arbiter.schema.PairwiseResult result = dev.arbiter.schema.PairwiseResult.newBuilder().setPairId("pr").setPromptId("p")
                .setStatus(RewardStatus.OK).setWinner("A").setConsistent(true).setConsistencyMeasured(true)
                .setOrderPolicy("BOTH").setConsolidation("CONSERVATIVE")
                .setJudgements(List.of(
                        dev.arbiter.schema.PairwiseJudgement.newBuilder().setOrder("FORWARD").setSample(0).setStatus("OK").setPreference("FIRST").setRawText("").build(),
                        dev.arbiter.schema.PairwiseJudgement.newBuilder().setOrder("SWAPPED").setSample(0).setStatus("OK").setPreference("SECOND").setRawText("").build()))
                .setVoteSamples(1).setVoteValid(1).setVoteAgreement(1.0).setJudge(pairJudge).setAttempts(2)
                .setAcceptedAt(Instant.EPOCH).setJudgedAt(Instant.EPOCH).setMetadata(Map.of()).build();
        meters.record(observations.of(new JudgeFact.Compared(result, request, JudgementSource.PROBE)));

        Tags tags = Tags.of("model", "m", "template", "autoj-pairwise", "template_version", "1", "scenario_group", "summarization",
                "source", "probe");
        assertThat(registry.get("arbiter.pairwise.consistency").tags(tags).tag("result", "consistent").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("arbiter.judge.position.preference").tags(tags).tag("shown", "first").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("arbiter.judge.position.preference").tags(tags).tag("shown", "second").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("arbiter.judge.length.preference").tags(tags).tag("winner", "longer").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("arbiter.judge.calls.spent").tag("source", "probe").counter().count()).isEqualTo(2.0);
    }

    @Test
    void theAutoJTableKnowsItsFiftyEightScenariosInEightGroups() {
        ScenarioGroups groups = ScenarioGroups.autoJ();
        assertThat(groups.size()).isEqualTo(58);
        assertThat(groups.groupOf(java.util.Optional.of("Post_Summarization"))).isEqualTo("summarization");
        assertThat(groups.groupOf(java.util.Optional.of("math_reasoning"))).isEqualTo("exam_questions");
        assertThat(groups.groupOf(java.util.Optional.empty())).isEqualTo(ScenarioGroups.UNKNOWN);
    }

    private void graded(Reward reward, CandidateGeneration candidate) {
        meters.record(observations.of(new JudgeFact.Graded(reward, candidate)));
    }

    private Reward reward(String id, RewardStatus status, Double value, List<String> flags) {
        return Reward.newBuilder().setCandidateId(id).setPromptId("p-1").setGroupSize(1).setGroupIndex(0)
                .setPolicy(new PolicyRef("m", "v")).setStatus(status).setRatingMin(1).setRatingMax(10)
                .setRawRating(value == null ? null : 1 + value * 9).setReward(value).setProtocol(JudgeProtocol.SINGLE)
                .setJudge(judge).setFlags(flags).setAttempts(1).setCandidateProducedAt(Instant.EPOCH)
                .setAcceptedAt(Instant.EPOCH).setJudgedAt(Instant.EPOCH).setJudgeLatencyMs(1L).setMetadata(Map.of()).build();
    }
}
