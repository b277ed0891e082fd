package dev.arbiter.streams.grading;

import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.safety.RewardHackingDetector;
import dev.arbiter.judge.vote.MajorityVote;
import dev.arbiter.judge.vote.VoteResult;
import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.emit.RewardFlags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a judge answer (or a final failure) into the reward and critique records. The reward
 * value comes only from the parsed verdict of the judge's own generated text: when there is no
 * usable verdict the status says so and the reward is null, never a made-up default.
 */
public final class RewardAssembler {

    private final RewardHackingDetector hackingDetector;

    public RewardAssembler(RewardHackingDetector hackingDetector) {
        this.hackingDetector = Objects.requireNonNull(hackingDetector);
    }

    /**
     * The judge answered: parse its text and build both records. With majority vote there is one
     * answer per sample ({@code null} for a sample that failed for good): the reward is the mean of
     * the valid ratings, with their median and agreement alongside.
     */
    public Emission answered(PendingJudgement pending, PreparedJudgement prepared, List<Generation> answers,
                             int attempts, Instant judgedAt) {
        if (answers.size() == 1) return single(pending, prepared, answers.get(0), attempts, judgedAt);
        List<GradingVerdict> verdicts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Set<String> flags = baseFlags(pending.getCandidate(), prepared);
        long latency = 0;
        for (int i = 0; i < answers.size(); i++) {
            Generation g = answers.get(i);
            if (text.length() > 0) text.append("\n\n");
            text.append("--- sample ").append(i + 1).append(" of ").append(answers.size()).append(" ---\n");
            if (g == null) {
                text.append("(judge call failed)");
                verdicts.add(GradingVerdict.parseFailed(prepared.grading().scaleMin(), prepared.grading().scaleMax(),
                        "", "judge call failed"));
                continue;
            }
            text.append(g.text());
            if (g.truncatedByLength()) flags.add(RewardFlags.GENERATION_TRUNCATED);
            verdicts.add(prepared.grading().parse(g.text()));
            latency = Math.max(latency, g.latency().toMillis());
        }
        VoteResult vote = new MajorityVote().ofRatings(verdicts);
        boolean ok = vote.status() == VerdictStatus.OK;
        RewardStatus status = ok ? RewardStatus.OK : RewardStatus.PARSE_FAILED;
        if (!ok) flags.add(RewardFlags.PARSE_FAILED);
        Reward reward = rewardBuilder(pending, prepared, status, flags, attempts, judgedAt)
                .setRawRating(ok ? vote.meanRating().getAsDouble() : null)
                .setReward(ok ? vote.normalizedMean().getAsDouble() : null)
                .setRatingMedian(ok ? vote.medianRating().getAsDouble() : null)
                .setVoteSamples(answers.size())
                .setVoteValid(vote.valid())
                .setVoteAgreement(ok ? vote.agreement() : null)
                .setInputTokens(null)
                .setOutputTokens(null)
                .setJudgeLatencyMs(latency)
                .build();
        return new Emission(reward, critique(pending, prepared, status, text.toString(), null, judgedAt));
    }

    private Emission single(PendingJudgement pending, PreparedJudgement prepared, Generation generation,
                            int attempts, Instant judgedAt) {
        GradingVerdict verdict = prepared.grading().parse(generation.text());
        boolean ok = verdict.status() == VerdictStatus.OK;
        RewardStatus status = ok ? RewardStatus.OK : RewardStatus.PARSE_FAILED;

        Set<String> flags = baseFlags(pending.getCandidate(), prepared);
        if (generation.truncatedByLength()) flags.add(RewardFlags.GENERATION_TRUNCATED);
        if (!ok) flags.add(RewardFlags.PARSE_FAILED);

        Reward reward = rewardBuilder(pending, prepared, status, flags, attempts, judgedAt)
                .setRawRating(ok ? verdict.rating().getAsDouble() : null)
                .setReward(ok ? verdict.normalized().getAsDouble() : null)
                .setVoteValid(ok ? 1 : 0)
                .setInputTokens(generation.inputTokens().isPresent() ? generation.inputTokens().getAsInt() : null)
                .setOutputTokens(generation.outputTokens().isPresent() ? generation.outputTokens().getAsInt() : null)
                .setJudgeLatencyMs(generation.latency().toMillis())
                .build();
        Critique critique = critique(pending, prepared, status, generation.text(), generation.finishReason(), judgedAt);
        return new Emission(reward, critique);
    }

    /** The judge refused for good: a JUDGE_FAILED reward, so the trainer still sees exactly one record. */
    public Emission failed(PendingJudgement pending, PreparedJudgement prepared, JudgeTransportException error,
                           int attempts, Instant judgedAt) {
        Set<String> flags = baseFlags(pending.getCandidate(), prepared);
        flags.add(RewardFlags.JUDGE_FAILED);
        Reward reward = rewardBuilder(pending, prepared, RewardStatus.JUDGE_FAILED, flags, attempts, judgedAt)
                .setRawRating(null)
                .setReward(null)
                .setVoteSamples(prepared.samples())
                .setVoteValid(0)
                .setInputTokens(null)
                .setOutputTokens(null)
                .setJudgeLatencyMs(0L)
                .build();
        Critique critique = critique(pending, prepared, RewardStatus.JUDGE_FAILED,
                "judge call failed after " + attempts + " attempt(s): " + error.getMessage(), null, judgedAt);
        return new Emission(reward, critique);
    }

    /**
     * The candidate cannot be judged under the current plan (its protocol was withdrawn while it
     * was pending): a JUDGE_FAILED reward whose flags carry the machine-readable reason.
     */
    public Emission withdrawn(PendingJudgement pending, JudgingPlan.Unjudged judge, String flag, String detail,
                              int attempts, Instant judgedAt) {
        CandidateGeneration c = pending.getCandidate();
        Reward reward = unjudgedReward(pending, judge, flag, hackingDetector, attempts, judgedAt);
        Critique critique = Critique.newBuilder()
                .setCandidateId(c.getCandidateId())
                .setPromptId(c.getPromptId())
                .setStatus(RewardStatus.JUDGE_FAILED)
                .setJudge(judge.judge())
                .setText("not judged (" + flag + "): " + detail)
                .setFinishReason(null)
                .setJudgedAt(judgedAt)
                .build();
        return new Emission(reward, critique);
    }

    /**
     * The reward of a candidate that was not judged: JUDGE_FAILED, no value, {@code flag} naming why,
     * and the reward-hacking screen's flags, which do not depend on the judge.
     */
    static Reward unjudgedReward(PendingJudgement pending, JudgingPlan.Unjudged judge, String flag,
                                 RewardHackingDetector hackingDetector, int attempts, Instant judgedAt) {
        CandidateGeneration c = pending.getCandidate();
        Set<String> flags = new LinkedHashSet<>();
        flags.add(RewardFlags.JUDGE_FAILED);
        flags.add(flag);
        flags.addAll(hackingDetector.flags(c.getResponse()));
        return rewardBuilder(pending, c.getProtocol(), judge.judge(), judge.scaleMin(), judge.scaleMax(),
                RewardStatus.JUDGE_FAILED, flags, attempts, judgedAt)
                .setRawRating(null)
                .setReward(null)
                .setVoteSamples(0)
                .setVoteValid(0)
                .setInputTokens(null)
                .setOutputTokens(null)
                .setJudgeLatencyMs(0L)
                .build();
    }

    private Set<String> baseFlags(CandidateGeneration c, PreparedJudgement prepared) {
        Set<String> flags = new LinkedHashSet<>();
        if (prepared.rendered().truncated()) flags.add(RewardFlags.PROMPT_TRUNCATED);
        flags.addAll(hackingDetector.flags(c.getResponse()));
        return flags;
    }

    private static Reward.Builder rewardBuilder(PendingJudgement pending, PreparedJudgement prepared,
                                                RewardStatus status, Set<String> flags, int attempts,
                                                Instant judgedAt) {
        return rewardBuilder(pending, prepared.protocol(), prepared.judge(), prepared.grading().scaleMin(),
                prepared.grading().scaleMax(), status, flags, attempts, judgedAt);
    }

    /**
     * A reward's fields that do not depend on what the judge said: the candidate's identity,
     * group and metadata, the judge, the scale, status, flags and times. Shared by every kind of
     * judge, so all rewards are built alike.
     */
    static Reward.Builder rewardBuilder(PendingJudgement pending, JudgeProtocol protocol, JudgeRef judge, double scaleMin,
                                        double scaleMax, RewardStatus status, Set<String> flags, int attempts,
                                        Instant judgedAt) {
        CandidateGeneration c = pending.getCandidate();
        return Reward.newBuilder()
                .setCandidateId(c.getCandidateId())
                .setPromptId(c.getPromptId())
                .setGroupSize(c.getGroupSize())
                .setGroupIndex(c.getGroupIndex())
                .setPolicy(c.getPolicy())
                .setStatus(status)
                .setRatingMin(scaleMin)
                .setRatingMax(scaleMax)
                .setProtocol(protocol)
                .setJudge(judge)
                .setFlags(new ArrayList<>(flags))
                .setAttempts(attempts)
                .setCandidateProducedAt(c.getProducedAt())
                .setAcceptedAt(pending.getAcceptedAt())
                .setJudgedAt(judgedAt)
                .setMetadata(new HashMap<>(c.getMetadata()));
    }

    private static Critique critique(PendingJudgement pending, PreparedJudgement prepared, RewardStatus status,
                                     String text, String finishReason, Instant judgedAt) {
        CandidateGeneration c = pending.getCandidate();
        return Critique.newBuilder()
                .setCandidateId(c.getCandidateId())
                .setPromptId(c.getPromptId())
                .setStatus(status)
                .setJudge(prepared.judge())
                .setText(text)
                .setFinishReason(finishReason == null || finishReason.isEmpty() ? null : finishReason)
                .setJudgedAt(judgedAt)
                .build();
    }
}
