package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.PairwiseJudgement;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PolicyRef;
import dev.arbiter.schema.RankedCandidate;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplePrinterTest {

    private static final JudgeRef JUDGE = new JudgeRef("auto-j-13b-gptq", "autoj", "auto-j-single", "1");
    private final SamplePrinter printer = new SamplePrinter(40);

    @Test
    void rewardLineShowsIndexRewardRatingStyleAndLatency() {
        assertThat(printer.reward(reward("p", 2, 4, 8.0, "GOOD", 1234))).isEqualTo("#2/4 reward 0.78 (rating 8/10)  GOOD  1.2 s");
        assertThat(printer.reward(reward("p", 0, 4, null, "OFF_TOPIC", 900))).isEqualTo("#0/4 reward - PARSE_FAILED  OFF_TOPIC  0.9 s");
    }

    @Test
    void aGroupIsPrintedInTheOrderOfItsBestOfNRecordWithAdvantagesAndShortenedCritiques() {
        List<Reward> rewards = List.of(
                reward("g", 0, 3, 3.0, "TERSE", 100),
                reward("g", 1, 3, null, "NEAR_EMPTY", 100),
                reward("g", 2, 3, 9.0, "GOOD", 100));
        List<Critique> critiques = List.of(critique("g-2",
                "The response answers the question directly and\n\ncorrectly, with a worked example. Rating: [[9]]"));
        BestOfN b = selection("g", 3, true, List.of(ranked("g-2", 2, 1, 1.0), ranked("g-0", 0, 2, -1.0), ranked("g-1", 1, null, null)));

        assertThat(printer.samples(List.of(b), rewards, critiques, 3)).isEqualTo(String.join("\n",
                "prompt demo-g (3 candidates, ARGMAX; best first)",
                "  1. #2/3 reward 0.89 (rating 9/10)  GOOD  0.1 s  advantage +1.00",
                "       \"The response answers the question…\"",
                "  2. #0/3 reward 0.22 (rating 3/10)  TERSE  0.1 s  advantage -1.00",
                "  -. #1/3 reward - PARSE_FAILED  NEAR_EMPTY  0.1 s"));
    }

    @Test
    void anIncompleteGroupSaysHowManyArrivedAndWhatClosedIt() {
        BestOfN b = selection("h", 4, false, List.of(ranked("h-0", 0, 1, 0.0)));
        assertThat(printer.samples(List.of(b), List.of(reward("h", 0, 4, 5.0, "GOOD", 10)), List.of(), 1))
                .startsWith("prompt demo-h (1 of 4 candidates, closed by WALL_CLOCK_DEADLINE, ARGMAX; best first)");
    }

    @Test
    void samplesFallBackToSingleRewardsWhenNoGroupHasClosed() {
        String text = printer.samples(List.of(), List.of(reward("a", 0, 4, 5.0, "GOOD", 10)), List.of(), 3);

        assertThat(text).isEqualTo("#0/4 reward 0.44 (rating 5/10)  GOOD  0.0 s");
    }

    private static RankedCandidate ranked(String id, int index, Integer rank, Double advantage) {
        return RankedCandidate.newBuilder().setCandidateId(id).setGroupIndex(index).setRank(rank)
                .setStatus(rank == null ? RewardStatus.PARSE_FAILED : RewardStatus.OK).setReward(null)
                .setAdvantage(advantage).setMatchScore(null).build();
    }

    private static BestOfN selection(String group, int size, boolean complete, List<RankedCandidate> ranking) {
        return BestOfN.newBuilder().setPromptId("run:" + group).setGroupSize(size).setReceived(ranking.size())
                .setComplete(complete).setClosedBy(complete ? "COMPLETE" : "WALL_CLOCK_DEADLINE").setStrategy("ARGMAX")
                .setRanking(ranking).setMatches(List.of()).setJudgeCalls(0).setRewardCount(ranking.size())
                .setOpenedAt(Instant.EPOCH).setClosedAt(Instant.EPOCH).setSelectedAt(Instant.EPOCH).build();
    }

    @Test
    void shortenCutsAtAWordBoundaryAndCollapsesWhitespace() {
        assertThat(SamplePrinter.shorten("  short\n text ", 40)).isEqualTo("short text");
        assertThat(SamplePrinter.shorten("one two three four five", 12)).isEqualTo("one two…");
        assertThat(SamplePrinter.shorten("abcdefghijklmnopqrstuvwxyz", 10)).isEqualTo("abcdefghi…");
        assertThat(printer.critique(critique("0123456789abcdef", "Fine."))).isEqualTo("01234567 \"Fine.\"");
    }

    @Test
    void pairLineShowsStylesWinnerConsistencyAndBothRawVerdicts() {
        assertThat(printer.pair(pair(RewardStatus.OK, "B", true, true, null, "SECOND", "FIRST")))
                .isEqualTo("prompt demo-7: A TERSE vs B GOOD -> winner B (consistent; FORWARD:SECOND SWAPPED:FIRST)");
        assertThat(printer.pair(pair(RewardStatus.OK, "TIE", false, true, "FIRST", "FIRST", "FIRST")))
                .isEqualTo("prompt demo-7: A TERSE vs B GOOD -> winner TIE (inconsistent, position bias FIRST; FORWARD:FIRST SWAPPED:FIRST)");
        assertThat(printer.pair(pair(RewardStatus.PARSE_FAILED, null, false, false, null, null, "FIRST")))
                .isEqualTo("prompt demo-7: A TERSE vs B GOOD -> PARSE_FAILED (FORWARD:PARSE_FAILED SWAPPED:FIRST)");
    }

    private static PairwiseResult pair(RewardStatus status, String winner, boolean consistent, boolean measured,
                                       String bias, String forward, String swapped) {
        return PairwiseResult.newBuilder()
                .setPairId("pair-7").setPromptId("run:7").setCandidateIdA("a").setCandidateIdB("b")
                .setStatus(status).setWinner(winner).setConsistent(consistent).setConsistencyMeasured(measured)
                .setPositionBias(bias).setOrderPolicy("BOTH").setConsolidation("CONSERVATIVE")
                .setJudgements(List.of(judgement("FORWARD", forward), judgement("SWAPPED", swapped)))
                .setVoteSamples(1).setVoteValid(1).setVoteAgreement(1.0).setJudge(JUDGE).setFlags(List.of())
                .setAttempts(2).setAcceptedAt(Instant.EPOCH).setJudgedAt(Instant.EPOCH)
                .setMetadata(Map.of(DemoLoad.PROMPT_METADATA, "demo-7", DemoLoad.STYLE_A_METADATA, "TERSE",
                        DemoLoad.STYLE_B_METADATA, "GOOD"))
                .build();
    }

    private static PairwiseJudgement judgement(String order, String preference) {
        return PairwiseJudgement.newBuilder().setOrder(order).setSample(0)
                .setStatus(preference == null ? "PARSE_FAILED" : "OK").setPreference(preference)
                .setRawText("…").build();
    }

    private static Reward reward(String group, int index, int size, Double rating, String style, long latencyMs) {
        boolean ok = rating != null;
        return Reward.newBuilder()
                .setCandidateId(group + "-" + index).setPromptId("run:" + group).setGroupSize(size).setGroupIndex(index)
                .setPolicy(new PolicyRef("demo-policy", "v1"))
                .setStatus(ok ? RewardStatus.OK : RewardStatus.PARSE_FAILED)
                .setRawRating(rating).setRatingMin(1).setRatingMax(10)
                .setReward(ok ? (rating - 1) / 9 : null)
                .setProtocol(JudgeProtocol.SINGLE).setJudge(JUDGE).setFlags(List.of()).setAttempts(1)
                .setCandidateProducedAt(Instant.EPOCH).setAcceptedAt(Instant.EPOCH).setJudgedAt(Instant.EPOCH)
                .setJudgeLatencyMs(latencyMs)
                .setMetadata(Map.of(DemoLoad.STYLE_METADATA, style, DemoLoad.PROMPT_METADATA, "demo-" + group))
                .build();
    }

    private static Critique critique(String candidateId, String text) {
        return Critique.newBuilder().setCandidateId(candidateId).setPromptId("p").setStatus(RewardStatus.OK)
                .setJudge(JUDGE).setText(text).setJudgedAt(Instant.EPOCH).build();
    }
}
