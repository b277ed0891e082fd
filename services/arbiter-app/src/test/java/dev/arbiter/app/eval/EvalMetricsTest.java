package dev.arbiter.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.scenario.ScenarioGroups;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The measures on small cases worked out by hand with Auto-J's definitions
 * (codes/leaderboard/pairwise_eval.py): a pair agrees when both orders name the label, is
 * consistent when the two orders name the same response (a tie both ways included).
 */
class EvalMetricsTest {

    private static PairJudgement judged(int line, String scenario, int label, Integer forward, Integer swapped) {
        return new PairJudgement("k" + line, line, "p", scenario, label, forward, swapped, status(forward), status(swapped), "", "");
    }

    private static String status(Integer verdict) {
        return verdict == null ? "PARSE_FAILED" : "OK";
    }

    @Test
    void agreementNeedsBothOrdersOnTheLabelAndConsistencyNeedsOnlyTheSameVerdict() {
        List<PairJudgement> judged = List.of(
                judged(1, "code_generation", 0, 0, 0),   // agrees, consistent
                judged(2, "code_generation", 0, 0, 1),   // first order agrees only; inconsistent
                judged(3, "code_generation", 1, 0, 0),   // consistent but wrong
                judged(4, "code_generation", 2, 2, 2),   // a tie both ways on a tie label: agrees, consistent
                judged(5, "code_generation", 0, null, 0)); // a parse failure agrees with nothing
        EvalMetrics.Counts c = EvalMetrics.of(judged);
        assertThat(c.pairs()).isEqualTo(5);
        assertThat(c.agreed()).isEqualTo(2);
        assertThat(c.agreement()).contains(0.4);
        assertThat(c.consistent()).isEqualTo(3);
        assertThat(c.consistency()).contains(0.6);
        assertThat(c.firstOrderAgreed()).as("lines 1, 2 and 4").isEqualTo(3);
        assertThat(c.parseFailures()).isEqualTo(1);
        assertThat(c.parseFailureRate()).contains(0.1);
        assertThat(c.parsed()).isEqualTo(9);
        assertThat(c.ties()).isEqualTo(2);
        // Shown first: forward shows response 1 (label 0), swapped shows response 2 (label 1).
        // Line 1: 0 fwd (first) + 0 swp (second); 2: 0 (first) + 1 (first); 3: 0 (first) + 0 (second);
        // 4: ties; 5: fwd failed + 0 swp (second). First-shown wins: 4 of 9 parsed.
        assertThat(c.shownFirstWon()).isEqualTo(4);
        assertThat(c.tieRate()).contains(2 / 9.0);
    }

    @Test
    void aJudgeThatAlwaysNamesTheFirstShownResponseIsNeverConsistent() {
        List<PairJudgement> judged = List.of(judged(1, "s", 0, 0, 1), judged(2, "s", 1, 0, 1));
        EvalMetrics.Counts c = EvalMetrics.of(judged);
        assertThat(c.consistency()).contains(0.0);
        assertThat(c.agreement()).contains(0.0);
        assertThat(c.firstOrderAgreement()).contains(0.5);
        assertThat(c.firstPositionWinRate()).contains(1.0);
    }

    @Test
    void pairsAreCountedPerAutoJScenarioGroupAndPerScenario() {
        List<PairJudgement> judged = List.of(judged(1, "code_generation", 0, 0, 0), judged(2, "post_summarization", 1, 1, 1),
                judged(3, "a_made_up_scenario", 1, 0, 0));
        Map<String, EvalMetrics.Counts> groups = EvalMetrics.byGroup(judged, ScenarioGroups.autoJ());
        assertThat(groups).containsOnlyKeys("code", "summarization", ScenarioGroups.UNKNOWN);
        assertThat(groups.get(ScenarioGroups.UNKNOWN).agreement()).contains(0.0);
        assertThat(EvalMetrics.byScenario(judged)).containsOnlyKeys("code_generation", "post_summarization", "a_made_up_scenario");
        assertThat(EvalMetrics.of(List.of()).agreement()).as("no pairs, no rate").isEmpty();
    }

    @Test
    void twoProfilesAgreeOnAPairWhenTheirVerdictsAfterBothOrdersAreTheSame() {
        List<PairJudgement> a = List.of(judged(1, "s", 0, 0, 0), judged(2, "s", 0, 0, 1), judged(3, "s", 1, 1, 1));
        List<PairJudgement> b = List.of(judged(1, "s", 0, 0, 0), judged(2, "s", 0, 1, 0), judged(3, "s", 1, 0, 0));
        EvalMetrics.InterJudge ij = EvalMetrics.between(a, b);
        assertThat(ij.pairs()).isEqualTo(3);
        assertThat(ij.same()).as("line 1 alike, line 2 both inconsistent").isEqualTo(2);
        assertThat(ij.differingLines()).containsExactly(3);
    }
}
