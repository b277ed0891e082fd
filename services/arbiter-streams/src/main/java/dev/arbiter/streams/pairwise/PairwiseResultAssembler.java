package dev.arbiter.streams.pairwise;

import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.consolidate.Order;
import dev.arbiter.judge.consolidate.PairwiseOutcome;
import dev.arbiter.judge.consolidate.PositionSwapConsolidator;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.safety.RewardHackingDetector;
import dev.arbiter.judge.vote.MajorityVote;
import dev.arbiter.judge.vote.PairwiseVoteResult;
import dev.arbiter.schema.PairwiseJudgement;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.emit.RewardFlags;
import dev.arbiter.streams.engine.JudgeCallResult;
import dev.arbiter.streams.engine.SamplePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the raw judge calls of one pair (each order, each sample) into the pairwise result:
 * every raw verdict is kept; each sample's two orders are consolidated by the profile's rule
 * (conservative by default: a winner only if both orders agree, otherwise a tie); with several
 * samples the winner is the majority over the samples' outcomes. Failed calls follow the
 * engine's {@link SamplePolicy}: a sample with a failed call (in either order) is left out of the
 * vote, and the result is JUDGE_FAILED only when no sample is left; an unreadable verdict is
 * PARSE_FAILED — never a made-up winner.
 */
public final class PairwiseResultAssembler {

    private final RewardHackingDetector detector;

    public PairwiseResultAssembler(RewardHackingDetector detector) {
        this.detector = detector;
    }

    public PairwiseResult assemble(PendingPairwise pending, PairwisePlan plan, List<PairwisePlan.Call> calls,
                                   List<JudgeCallResult> results, int attempts, Instant judgedAt) {
        PairwiseRequest r = pending.getRequest();
        List<PairwiseJudgement> judgements = new ArrayList<>();
        List<Optional<PairwiseVerdict>> verdicts = new ArrayList<>();
        Set<String> flags = new LinkedHashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            PairwisePlan.Call call = calls.get(i);
            if (call.rendered().truncated()) flags.add(RewardFlags.PROMPT_TRUNCATED);
            JudgeCallResult result = results.get(i);
            PairwiseJudgement.Builder j = PairwiseJudgement.newBuilder().setOrder(call.order().name()).setSample(call.sample());
            if (result instanceof JudgeCallResult.Answered answered) {
                if (answered.generation().truncatedByLength()) flags.add(RewardFlags.GENERATION_TRUNCATED);
                PairwiseVerdict v = plan.protocol().parse(answered.generation().text());
                verdicts.add(Optional.of(v));
                j.setStatus(v.status().name()).setPreference(v.preference().map(Enum::name).orElse(null))
                        .setRawText(v.rawText());
            } else {
                verdicts.add(Optional.empty());
                j.setStatus(RewardStatus.JUDGE_FAILED.name()).setPreference(null)
                        .setRawText(((JudgeCallResult.Failed) result).error().getMessage());
            }
            judgements.add(j.build());
        }
        flags.addAll(detector.flags(r.getResponseA()));
        flags.addAll(detector.flags(r.getResponseB()));

        PositionSwapConsolidator consolidator = new PositionSwapConsolidator(plan.settings().consolidation());
        List<PairwiseOutcome> outcomes = new ArrayList<>();
        List<Integer> surviving = SamplePolicy.survivingSamples(results, plan.voting().samples(), i -> calls.get(i).sample());
        for (int sample : surviving) {
            outcomes.add(consolidator.consolidate(verdictOf(calls, verdicts, Order.FORWARD, sample),
                    verdictOf(calls, verdicts, Order.SWAPPED, sample)));
        }
        boolean judgeFailed = surviving.isEmpty();
        PairwiseResult.Builder out = PairwiseResult.newBuilder()
                .setPairId(r.getPairId())
                .setPromptId(r.getPromptId())
                .setCandidateIdA(r.getCandidateIdA())
                .setCandidateIdB(r.getCandidateIdB())
                .setOrderPolicy(plan.settings().orderPolicy().name())
                .setConsolidation(plan.settings().consolidation().name())
                .setJudgements(judgements)
                .setVoteSamples(plan.voting().samples())
                .setJudge(plan.judge())
                .setAttempts(attempts)
                .setAcceptedAt(pending.getAcceptedAt())
                .setJudgedAt(judgedAt)
                .setMetadata(new HashMap<>(r.getMetadata()));
        if (judgeFailed) {
            flags.add(RewardFlags.JUDGE_FAILED);
            return out.setStatus(RewardStatus.JUDGE_FAILED).setWinner(null).setConsistent(false)
                    .setConsistencyMeasured(false).setPositionBias(null).setVoteValid(0).setVoteAgreement(0)
                    .setFlags(new ArrayList<>(flags)).build();
        }
        PairwiseVoteResult vote = new MajorityVote().ofOutcomes(outcomes);
        boolean measured = outcomes.stream().anyMatch(PairwiseOutcome::consistencyMeasured);
        boolean consistent = measured && outcomes.stream().filter(PairwiseOutcome::consistencyMeasured)
                .allMatch(PairwiseOutcome::consistent);
        boolean ok = vote.status() == VerdictStatus.OK;
        if (!ok) flags.add(RewardFlags.PARSE_FAILED);
        return out.setStatus(ok ? RewardStatus.OK : RewardStatus.PARSE_FAILED)
                .setWinner(vote.winner().map(Enum::name).orElse(null))
                .setConsistent(consistent)
                .setConsistencyMeasured(measured)
                .setPositionBias(outcomes.get(0).positionBias().map(Enum::name).orElse(null))
                .setVoteValid(vote.valid())
                .setVoteAgreement(vote.agreement())
                .setFlags(new ArrayList<>(flags))
                .build();
    }

    /**
     * A pair the current plan cannot judge (pairwise was switched off while it was pending): a
     * JUDGE_FAILED result whose flags carry the machine-readable reason.
     */
    public PairwiseResult withdrawn(PendingPairwise pending, PairwisePlan plan, String flag, int attempts,
                                    Instant judgedAt) {
        PairwiseRequest r = pending.getRequest();
        Set<String> flags = new LinkedHashSet<>();
        flags.add(RewardFlags.JUDGE_FAILED);
        flags.add(flag);
        flags.addAll(detector.flags(r.getResponseA()));
        flags.addAll(detector.flags(r.getResponseB()));
        return PairwiseResult.newBuilder()
                .setPairId(r.getPairId())
                .setPromptId(r.getPromptId())
                .setCandidateIdA(r.getCandidateIdA())
                .setCandidateIdB(r.getCandidateIdB())
                .setStatus(RewardStatus.JUDGE_FAILED)
                .setWinner(null)
                .setConsistent(false)
                .setConsistencyMeasured(false)
                .setPositionBias(null)
                .setOrderPolicy(plan.settings().orderPolicy().name())
                .setConsolidation(plan.settings().consolidation().name())
                .setJudgements(List.of())
                .setVoteSamples(plan.voting().samples())
                .setVoteValid(0)
                .setVoteAgreement(0)
                .setJudge(plan.judge())
                .setFlags(new ArrayList<>(flags))
                .setAttempts(attempts)
                .setAcceptedAt(pending.getAcceptedAt())
                .setJudgedAt(judgedAt)
                .setMetadata(new HashMap<>(r.getMetadata()))
                .build();
    }

    private static Optional<PairwiseVerdict> verdictOf(List<PairwisePlan.Call> calls, List<Optional<PairwiseVerdict>> verdicts,
                                                       Order order, int sample) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).order() == order && calls.get(i).sample() == sample) return verdicts.get(i);
        }
        return Optional.empty();
    }
}
