package dev.arbiter.streams.grading;

import dev.arbiter.judge.safety.RewardHackingDetector;
import dev.arbiter.judge.scalar.ScalarModel;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.Score;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.emit.RewardFlags;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a scalar model's score (or a final failure) into a reward record. {@code raw_rating} is
 * the score itself and {@code rating_min}/{@code rating_max} the profile's score range;
 * {@code reward} is the profile's mapping of it ({@link ScalarModel#reward}), flagged
 * {@code SCORE_CLIPPED} when the score fell outside the range. A scalar model writes no text, so
 * no critique is emitted; the reward-hacking screen still flags responses aimed at a judge.
 */
public final class ScalarRewardAssembler {

    private final ScalarModel model;
    private final RewardHackingDetector hackingDetector;

    public ScalarRewardAssembler(ScalarModel model, RewardHackingDetector hackingDetector) {
        this.model = Objects.requireNonNull(model);
        this.hackingDetector = Objects.requireNonNull(hackingDetector);
    }

    public Reward scored(PendingJudgement pending, PreparedScore prepared, Score score, int attempts, Instant judgedAt) {
        Set<String> flags = baseFlags(pending, prepared);
        if (model.outOfRange(score.value())) flags.add(RewardFlags.SCORE_CLIPPED);
        return builder(pending, prepared, RewardStatus.OK, flags, attempts, judgedAt)
                .setRawRating(score.value())
                .setReward(model.reward(score.value()))
                .setVoteSamples(1)
                .setVoteValid(1)
                .setJudgeLatencyMs(score.latency().toMillis())
                .build();
    }

    /** The model refused for good: a JUDGE_FAILED reward, so the trainer still sees exactly one record. */
    public Reward failed(PendingJudgement pending, PreparedScore prepared, JudgeTransportException error, int attempts,
                         Instant judgedAt) {
        Set<String> flags = baseFlags(pending, prepared);
        flags.add(RewardFlags.JUDGE_FAILED);
        return builder(pending, prepared, RewardStatus.JUDGE_FAILED, flags, attempts, judgedAt)
                .setRawRating(null)
                .setReward(null)
                .setVoteSamples(1)
                .setVoteValid(0)
                .setJudgeLatencyMs(0L)
                .build();
    }

    /** The reward of a candidate the current plan cannot score; {@code flag} names why. */
    public Reward withdrawn(PendingJudgement pending, JudgingPlan.Unjudged judge, String flag, int attempts, Instant judgedAt) {
        return RewardAssembler.unjudgedReward(pending, judge, flag, hackingDetector, attempts, judgedAt);
    }

    private Reward.Builder builder(PendingJudgement pending, PreparedScore prepared, RewardStatus status, Set<String> flags,
                                   int attempts, Instant judgedAt) {
        return RewardAssembler.rewardBuilder(pending, prepared.protocol(), prepared.judge(), model.scoreMin(),
                        model.scoreMax(), status, flags, attempts, judgedAt)
                .setInputTokens(null)
                .setOutputTokens(null);
    }

    private Set<String> baseFlags(PendingJudgement pending, PreparedScore prepared) {
        Set<String> flags = new LinkedHashSet<>();
        if (prepared.againstQuestion()) flags.add(RewardFlags.SCORED_AGAINST_QUESTION);
        flags.addAll(hackingDetector.flags(pending.getCandidate().getResponse()));
        return flags;
    }
}
