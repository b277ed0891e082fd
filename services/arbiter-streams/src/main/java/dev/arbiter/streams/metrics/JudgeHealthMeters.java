package dev.arbiter.streams.metrics;

import dev.arbiter.judge.scenario.ScenarioGroups;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.PairwiseJudgement;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Optional;

/**
 * How the judge itself is doing, measured from every result it produces, per judge model,
 * template and template version, and Auto-J scenario group (a bounded tag: see
 * {@link ScenarioGroups}). Counters and histograms only, so every rate and share is computed in
 * Prometheus over any window and summed across instances:
 * <ul>
 *   <li>parse-failure rate: {@code arbiter.judge.verdicts{status}};</li>
 *   <li>truncation and reward-hacking flag rates: {@code arbiter.judge.truncations},
 *       {@code arbiter.judge.hacking.flags} over the verdicts;</li>
 *   <li>the rating distribution (normalised reward, 0–1): {@code arbiter.judge.rating};</li>
 *   <li>vote agreement with majority vote on: {@code arbiter.judge.vote.agreement};</li>
 *   <li>rating against response length in single grading: the sums
 *       {@code arbiter.judge.length.rating.sums{term}} from which Pearson's correlation is
 *       computed (n, x, y, xx, yy, xy with x = response length in thousands of characters);</li>
 *   <li>position consistency: {@code arbiter.pairwise.consistency{result}};</li>
 *   <li>first-position preference and tie rate: {@code arbiter.judge.position.preference{shown}}
 *       over every parsed pairwise judgement (shown = first, second, tie);</li>
 *   <li>verbosity bias in pairs: {@code arbiter.judge.length.preference{winner}} (the longer or
 *       the shorter response won, or a tie) over consolidated results with a winner.</li>
 * </ul>
 */
public final class JudgeHealthMeters {

    private final MeterRegistry registry;
    private final ScenarioGroups groups;

    public JudgeHealthMeters(MeterRegistry registry, ScenarioGroups groups) {
        this.registry = registry;
        this.groups = groups;
    }

    /** One reward of single grading, with the candidate it grades. */
    public void graded(Reward reward, CandidateGeneration candidate) {
        Tags tags = tags(reward.getJudge(), Optional.ofNullable(candidate.getScenario()));
        registry.counter("arbiter.judge.verdicts", tags.and("status", reward.getStatus().name())).increment();
        if (reward.getFlags().contains("GENERATION_TRUNCATED")) registry.counter("arbiter.judge.truncations", tags).increment();
        if (reward.getFlags().contains("REWARD_HACKING_SUSPECTED")) registry.counter("arbiter.judge.hacking.flags", tags).increment();
        if (reward.getStatus() != RewardStatus.OK || reward.getReward() == null) return;
        double y = reward.getReward();
        DistributionSummary.builder("arbiter.judge.rating").tags(tags).description("normalised rating (0-1) of OK rewards")
                .serviceLevelObjectives(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
                .register(registry).record(y);
        if (reward.getVoteSamples() > 1 && reward.getVoteAgreement() != null) {
            DistributionSummary.builder("arbiter.judge.vote.agreement").tags(tags)
                    .serviceLevelObjectives(0.5, 0.6, 0.7, 0.8, 0.9, 1.0).register(registry).record(reward.getVoteAgreement());
        }
        double x = candidate.getResponse().length() / 1000.0;
        sum(tags, "n", 1);
        sum(tags, "x", x);
        sum(tags, "y", y);
        sum(tags, "xx", x * x);
        sum(tags, "yy", y * y);
        sum(tags, "xy", x * y);
    }

    /** One consolidated pairwise result, with the request it answers. */
    public void compared(PairwiseResult result, PairwiseRequest request) {
        Optional<String> scenario = Optional.ofNullable(request.getMetadata()).map(m -> m.get("scenario"));
        Tags tags = tags(result.getJudge(), scenario);
        if (result.getConsistencyMeasured()) {
            registry.counter("arbiter.pairwise.consistency", tags.and("result", result.getConsistent() ? "consistent" : "inconsistent"))
                    .increment();
        }
        for (PairwiseJudgement j : result.getJudgements()) {
            if (j.getPreference() == null) continue;
            String shown = switch (j.getPreference()) {
                case "FIRST" -> "first";
                case "SECOND" -> "second";
                default -> "tie";
            };
            registry.counter("arbiter.judge.position.preference", tags.and("shown", shown)).increment();
        }
        String winner = result.getWinner();
        int a = request.getResponseA().length();
        int b = request.getResponseB().length();
        if (result.getStatus() != RewardStatus.OK || winner == null || a == b) return;
        String won = winner.equals("TIE") ? "tie" : (winner.equals("A") == (a > b)) ? "longer" : "shorter";
        registry.counter("arbiter.judge.length.preference", tags.and("winner", won)).increment();
    }

    private void sum(Tags tags, String term, double value) {
        registry.counter("arbiter.judge.length.rating.sums", tags.and("term", term)).increment(value);
    }

    private Tags tags(JudgeRef judge, Optional<String> scenario) {
        return Tags.of("model", judge.getModel(), "template", judge.getTemplate(),
                "template_version", judge.getTemplateVersion().isEmpty() ? "none" : judge.getTemplateVersion(),
                "scenario_group", groups.groupOf(scenario));
    }
}
