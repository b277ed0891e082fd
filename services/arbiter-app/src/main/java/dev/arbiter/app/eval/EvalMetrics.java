package dev.arbiter.app.eval;

import dev.arbiter.judge.scenario.ScenarioGroups;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The evaluation measures, with the definitions of Auto-J's {@code codes/leaderboard/pairwise_eval.py}
 * (GAIR-NLP/auto-j) for a judge run in both orders:
 * <ul>
 *   <li>agreement: the share of pairs whose verdicts in both orders equal the human label
 *       ({@code correct_both / total});</li>
 *   <li>consistency: the share of pairs whose verdict does not change when the responses swap
 *       places ({@code 1 − exchange_dont_agree / total}); a tie both ways is consistent;</li>
 *   <li>first-order agreement: the share whose verdict in the original order equals the label
 *       (Auto-J's single-order agreement).</li>
 * </ul>
 * Auto-J's script assumes every verdict parses; here a judgement without a verdict counts against
 * agreement and consistency (it agrees with nothing) and is reported as a parse failure. Added
 * for position and tie bias, over judgements with a verdict: the first-position win rate (how
 * often the response shown first was named) and the tie rate.
 */
public final class EvalMetrics {

    /** Counts over a set of judged pairs, and the measures derived from them. */
    public record Counts(int pairs, int agreed, int firstOrderAgreed, int consistent, int judgements, int parsed,
                         int shownFirstWon, int ties, int parseFailures) {

        public Optional<Double> agreement() {
            return share(agreed, pairs);
        }

        public Optional<Double> consistency() {
            return share(consistent, pairs);
        }

        public Optional<Double> firstOrderAgreement() {
            return share(firstOrderAgreed, pairs);
        }

        public Optional<Double> firstPositionWinRate() {
            return share(shownFirstWon, parsed);
        }

        public Optional<Double> tieRate() {
            return share(ties, parsed);
        }

        public Optional<Double> parseFailureRate() {
            return share(parseFailures, judgements);
        }

        private static Optional<Double> share(int part, int whole) {
            return whole == 0 ? Optional.empty() : Optional.of(part / (double) whole);
        }
    }

    private EvalMetrics() {}

    public static Counts of(Collection<PairJudgement> judged) {
        int agreed = 0, firstOrder = 0, consistent = 0, parsed = 0, shownFirst = 0, ties = 0, failures = 0;
        for (PairJudgement j : judged) {
            if (j.consistent() && j.forward() == j.label()) agreed++;
            if (j.forward() != null && j.forward() == j.label()) firstOrder++;
            if (j.consistent()) consistent++;
            for (int order = 0; order < 2; order++) {
                Integer verdict = order == 0 ? j.forward() : j.swapped();
                if (verdict == null) {
                    failures++;
                    continue;
                }
                parsed++;
                if (verdict == 2) ties++;
                // Forward shows response 1 (label 0) first; swapped shows response 2 (label 1) first.
                else if (verdict == order) shownFirst++;
            }
        }
        return new Counts(judged.size(), agreed, firstOrder, consistent, 2 * judged.size(), parsed, shownFirst, ties, failures);
    }

    /** Counts per Auto-J scenario group (unknown scenarios in {@link ScenarioGroups#UNKNOWN}), in name order. */
    public static Map<String, Counts> byGroup(List<PairJudgement> judged, ScenarioGroups groups) {
        return by(judged, j -> groups.groupOf(Optional.of(j.scenario())));
    }

    /** Counts per scenario as the file names it, in name order. */
    public static Map<String, Counts> byScenario(List<PairJudgement> judged) {
        return by(judged, PairJudgement::scenario);
    }

    private static Map<String, Counts> by(List<PairJudgement> judged, Function<PairJudgement, String> key) {
        return judged.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.collectingAndThen(
                Collectors.toList(), EvalMetrics::of)));
    }

    /**
     * How often two profiles reach the same verdict on the same pairs: the share of pairs both
     * judged whose consolidated verdicts are equal (both inconsistent counts as equal: neither
     * committed), with the pairs where they differ.
     */
    public record InterJudge(int pairs, int same, List<Integer> differingLines) {
        public Optional<Double> agreement() {
            return pairs == 0 ? Optional.empty() : Optional.of(same / (double) pairs);
        }
    }

    public static InterJudge between(List<PairJudgement> a, List<PairJudgement> b) {
        Map<String, PairJudgement> other = b.stream().collect(Collectors.toMap(PairJudgement::key, j -> j, (x, y) -> x));
        int pairs = 0, same = 0;
        List<Integer> differing = new ArrayList<>();
        for (PairJudgement j : a) {
            PairJudgement k = other.get(j.key());
            if (k == null) continue;
            pairs++;
            if (Objects.equals(j.consolidated(), k.consolidated())) same++;
            else differing.add(j.line());
        }
        differing.sort(null);
        return new InterJudge(pairs, same, List.copyOf(differing));
    }
}
