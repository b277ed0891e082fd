package dev.arbiter.judge.vote;

import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.consolidate.PairwiseOutcome;
import dev.arbiter.judge.consolidate.Winner;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Combines k sampled judgements of the same item (Self-Taught Evaluators' majority vote over
 * sampled judgments). For absolute ratings it reports mean, median and the modal share; for
 * pairwise outcomes the majority winner. Failed samples never vote, but they stay in the
 * totals. Stateless and thread-safe.
 */
public final class MajorityVote {

    /** Combines absolute verdicts; all must be on the same scale. */
    public VoteResult ofRatings(List<GradingVerdict> verdicts) {
        if (verdicts.isEmpty()) throw new IllegalArgumentException("no samples to vote over");
        double min = verdicts.get(0).scaleMin();
        double max = verdicts.get(0).scaleMax();
        for (GradingVerdict v : verdicts) {
            if (v.scaleMin() != min || v.scaleMax() != max) {
                throw new IllegalArgumentException("samples on different scales cannot be combined");
            }
        }
        double[] ratings = verdicts.stream().filter(v -> v.status() == VerdictStatus.OK)
                .mapToDouble(v -> v.rating().getAsDouble()).sorted().toArray();
        int n = ratings.length;
        if (n == 0) {
            return new VoteResult(VerdictStatus.PARSE_FAILED, OptionalDouble.empty(), OptionalDouble.empty(),
                    0, verdicts.size(), 0.0, min, max);
        }
        double mean = Arrays.stream(ratings).sum() / n;
        double median = n % 2 == 1 ? ratings[n / 2] : (ratings[n / 2 - 1] + ratings[n / 2]) / 2.0;
        Map<Double, Integer> counts = new HashMap<>();
        for (double r : ratings) counts.merge(r, 1, Integer::sum);
        int modal = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return new VoteResult(VerdictStatus.OK, OptionalDouble.of(mean), OptionalDouble.of(median),
                n, verdicts.size(), (double) modal / n, min, max);
    }

    /** Combines consolidated pairwise outcomes; failed outcomes are counted but do not vote. */
    public PairwiseVoteResult ofOutcomes(List<PairwiseOutcome> outcomes) {
        return ofWinners(outcomes.stream().map(PairwiseOutcome::winner).toList());
    }

    /** Combines winners; an empty element is a failed sample. */
    public PairwiseVoteResult ofWinners(List<Optional<Winner>> winners) {
        if (winners.isEmpty()) throw new IllegalArgumentException("no samples to vote over");
        Map<Winner, Integer> counts = new EnumMap<>(Winner.class);
        for (Winner w : Winner.values()) counts.put(w, 0);
        int valid = 0;
        for (Optional<Winner> w : winners) {
            if (w.isPresent()) {
                counts.merge(w.get(), 1, Integer::sum);
                valid++;
            }
        }
        if (valid == 0) {
            return new PairwiseVoteResult(VerdictStatus.PARSE_FAILED, Optional.empty(), counts, 0, winners.size(), 0.0);
        }
        int top = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<Winner> leaders = counts.entrySet().stream().filter(e -> e.getValue() == top).map(Map.Entry::getKey).toList();
        Winner winner = leaders.size() == 1 ? leaders.get(0) : Winner.TIE;
        return new PairwiseVoteResult(VerdictStatus.OK, Optional.of(winner), counts, valid, winners.size(),
                (double) top / valid);
    }
}
