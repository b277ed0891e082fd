package dev.arbiter.streams.health;

import dev.arbiter.judge.scenario.ScenarioGroups;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PairwiseJudgement;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reduces each {@link JudgeFact} to its {@link Observation}: the scenario group from Auto-J's
 * table (a candidate's {@code scenario} field, a pair's {@code scenario} metadata), the verdict's
 * status and flags, the raw judgements' positions, and which response won by length. The rules
 * are the measures' definitions, so they live here once.
 */
public final class Observations {

    private final ScenarioGroups groups;

    public Observations(ScenarioGroups groups) {
        this.groups = Objects.requireNonNull(groups);
    }

    public Observation of(JudgeFact fact) {
        if (fact instanceof JudgeFact.Graded g) return graded(g.reward(), g.candidate());
        JudgeFact.Compared c = (JudgeFact.Compared) fact;
        return compared(c.result(), c.request(), c.source());
    }

    private Observation.Graded graded(Reward reward, CandidateGeneration candidate) {
        Observation.Dimensions dims = new Observation.Dimensions(JudgementSource.GRADING, reward.getJudge(),
                groups.groupOf(Optional.ofNullable(candidate.getScenario())));
        boolean ok = reward.getStatus() == RewardStatus.OK && reward.getReward() != null;
        OptionalDouble rating = ok ? OptionalDouble.of(reward.getReward()) : OptionalDouble.empty();
        OptionalDouble agreement = ok && reward.getVoteSamples() > 1 && reward.getVoteAgreement() != null
                ? OptionalDouble.of(reward.getVoteAgreement()) : OptionalDouble.empty();
        return new Observation.Graded(dims, reward.getAttempts(), reward.getStatus(),
                reward.getFlags().contains("GENERATION_TRUNCATED"), reward.getFlags().contains("REWARD_HACKING_SUSPECTED"),
                rating, agreement, candidate.getResponse().length() / 1000.0);
    }

    private Observation.Compared compared(PairwiseResult result, PairwiseRequest request, JudgementSource source) {
        Optional<String> scenario = Optional.ofNullable(request.getMetadata()).map(m -> m.get("scenario"));
        Observation.Dimensions dims = new Observation.Dimensions(source, result.getJudge(), groups.groupOf(scenario));
        int first = 0;
        int second = 0;
        int tie = 0;
        for (PairwiseJudgement j : result.getJudgements()) {
            if (j.getPreference() == null) continue;
            switch (j.getPreference()) {
                case "FIRST" -> first++;
                case "SECOND" -> second++;
                default -> tie++;
            }
        }
        return new Observation.Compared(dims, result.getAttempts(), result.getConsistencyMeasured(),
                result.getConsistencyMeasured() && result.getConsistent(), first, second, tie, lengthWinner(result, request));
    }

    private static Observation.LengthWinner lengthWinner(PairwiseResult result, PairwiseRequest request) {
        String winner = result.getWinner();
        int a = request.getResponseA().length();
        int b = request.getResponseB().length();
        if (result.getStatus() != RewardStatus.OK || winner == null || a == b) return Observation.LengthWinner.NOT_COUNTED;
        if (winner.equals("TIE")) return Observation.LengthWinner.TIE;
        return winner.equals("A") == (a > b) ? Observation.LengthWinner.LONGER : Observation.LengthWinner.SHORTER;
    }
}
