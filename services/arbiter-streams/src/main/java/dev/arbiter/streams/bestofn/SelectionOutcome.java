package dev.arbiter.streams.bestofn;

import dev.arbiter.schema.BestOfN;
import dev.arbiter.schema.GroupMember;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.PendingGroup;
import dev.arbiter.schema.PendingSelection;
import dev.arbiter.schema.PreferencePair;
import dev.arbiter.schema.RankedCandidate;
import dev.arbiter.schema.RewardStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The records a decided selection comes to: the group's {@link BestOfN} (winner, full ranking with
 * each candidate's reward, group-relative advantage and match points, the group's reward
 * statistics, every match with its raw verdicts, the judge calls spent) and, for a complete group
 * whose best and worst are far enough apart (and, with confirmation on, whose pairwise match in
 * both orders agrees), one {@link PreferencePair}. Statistics are over the OK rewards; the
 * standard deviation is the population one, and the advantage is (reward − mean) / deviation, 0
 * when every reward is the same, as GRPO computes it.
 */
public final class SelectionOutcome {

    /** The selection's records. */
    public record Records(BestOfN bestOfN, Optional<PreferencePair> pair) {}

    private final Bracket bracket;
    private final GroupSettings settings;
    private final JudgeRef pairwiseJudge;

    public SelectionOutcome(GroupSettings settings, JudgeRef pairwiseJudge) {
        this.settings = Objects.requireNonNull(settings);
        this.bracket = new Bracket(settings);
        this.pairwiseJudge = Objects.requireNonNull(pairwiseJudge);
    }

    public Records of(PendingSelection job, List<String> flags, Instant now) {
        PendingGroup g = job.getGroup();
        List<GroupMember> ranked = bracket.ranking(job);
        Map<String, Double> points = Bracket.points(job.getMatches());
        double[] rewards = ranked.stream().mapToDouble(GroupMember::getReward).toArray();
        double mean = 0;
        for (double r : rewards) mean += r;
        mean = rewards.length == 0 ? 0 : mean / rewards.length;
        double variance = 0;
        for (double r : rewards) variance += (r - mean) * (r - mean);
        double std = rewards.length == 0 ? 0 : Math.sqrt(variance / rewards.length);

        List<RankedCandidate> ranking = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            GroupMember m = ranked.get(i);
            ranking.add(RankedCandidate.newBuilder().setCandidateId(m.getCandidateId()).setGroupIndex(m.getGroupIndex())
                    .setRank(i + 1).setStatus(m.getStatus()).setReward(m.getReward())
                    .setAdvantage(std == 0 ? 0.0 : (m.getReward() - mean) / std)
                    .setMatchScore(job.getMatches().isEmpty() ? null : points.getOrDefault(m.getCandidateId(), 0.0)).build());
        }
        g.getMembers().stream().filter(m -> !ranked.contains(m)).sorted(Comparator.comparing(GroupMember::getGroupIndex))
                .forEach(m -> ranking.add(RankedCandidate.newBuilder().setCandidateId(m.getCandidateId())
                        .setGroupIndex(m.getGroupIndex()).setRank(null).setStatus(m.getStatus()).setReward(m.getReward())
                        .setAdvantage(null).setMatchScore(null).build()));
        boolean complete = g.getMembers().size() >= g.getGroupSize();
        Optional<GroupMember> winner = ranked.stream().findFirst();
        JudgeRef judge = g.getMembers().stream().filter(m -> m.getStatus() == RewardStatus.OK).map(GroupMember::getJudge)
                .findFirst().orElse(g.getMembers().isEmpty() ? null : g.getMembers().get(0).getJudge());
        BestOfN record = BestOfN.newBuilder()
                .setPromptId(g.getPromptId()).setGroupSize(g.getGroupSize()).setReceived(g.getMembers().size())
                .setComplete(complete).setClosedBy(job.getClosedBy()).setStrategy(g.getStrategy())
                .setWinnerCandidateId(winner.map(GroupMember::getCandidateId).orElse(null))
                .setWinnerGroupIndex(winner.map(GroupMember::getGroupIndex).orElse(null))
                .setRanking(ranking).setMatches(job.getMatches()).setJudgeCalls(job.getJudgeCalls())
                .setRewardCount(rewards.length)
                .setRewardMean(rewards.length == 0 ? null : mean)
                .setRewardStddev(rewards.length == 0 ? null : std)
                .setRewardMin(rewards.length == 0 ? null : min(rewards))
                .setRewardMax(rewards.length == 0 ? null : max(rewards))
                .setJudge(judge)
                .setPairwiseJudge(job.getMatches().isEmpty() ? null : pairwiseJudge)
                .setFlags(List.copyOf(flags))
                .setOpenedAt(g.getOpenedAt()).setClosedAt(job.getClosedAt()).setSelectedAt(now)
                .build();
        return new Records(record, pair(job, ranked, now));
    }

    private Optional<PreferencePair> pair(PendingSelection job, List<GroupMember> ranked, Instant now) {
        return bracket.preferenceCandidates(job, ranked).flatMap(p -> {
            boolean confirmed = Bracket.confirmedWin(job.getMatches(), p.a().getCandidateId(), p.b().getCandidateId());
            if (settings.pairConfirmation() && !confirmed) return Optional.empty();
            PendingGroup g = job.getGroup();
            return Optional.of(PreferencePair.newBuilder()
                    .setPairId(g.getPromptId() + "/best-of-n").setPromptId(g.getPromptId()).setPrompt(g.getPrompt())
                    .setChosen(p.a().getResponse()).setRejected(p.b().getResponse())
                    .setChosenCandidateId(p.a().getCandidateId()).setRejectedCandidateId(p.b().getCandidateId())
                    .setChosenScore(p.a().getReward()).setRejectedScore(p.b().getReward())
                    .setMargin(p.a().getReward() - p.b().getReward()).setPairwiseConfirmed(confirmed)
                    .setGroupSize(g.getGroupSize()).setStrategy(g.getStrategy()).setPolicy(p.a().getPolicy())
                    .setJudge(p.a().getJudge()).setPairwiseJudge(job.getMatches().isEmpty() ? null : pairwiseJudge)
                    .setCreatedAt(now).build());
        });
    }

    private static double min(double[] values) {
        double m = values[0];
        for (double v : values) m = Math.min(m, v);
        return m;
    }

    private static double max(double[] values) {
        double m = values[0];
        for (double v : values) m = Math.max(m, v);
        return m;
    }
}
