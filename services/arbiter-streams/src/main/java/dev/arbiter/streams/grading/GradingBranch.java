package dev.arbiter.streams.grading;

import dev.arbiter.judge.StableHash;
import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.streams.emit.RewardFlags;
import dev.arbiter.streams.engine.Branch;
import dev.arbiter.streams.engine.JudgeCallResult;
import dev.arbiter.streams.engine.Output;
import dev.arbiter.streams.engine.PendingForm;
import dev.arbiter.streams.engine.Plan;
import dev.arbiter.streams.engine.Step;
import dev.arbiter.streams.intake.Rejection;
import dev.arbiter.streams.metrics.PipelineMetrics;
import dev.arbiter.schema.Reward;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Single-candidate grading on the {@link dev.arbiter.streams.engine.InFlightEngine}: one judge
 * call per sample of the candidate's protocol, grouped by prompt for prefix reuse, and one reward
 * plus one critique per candidate, with the reward told to the stages that follow it (judge health,
 * best-of-N grouping). A candidate whose protocol the current profile no longer
 * offers gets a JUDGE_FAILED reward flagged with the dead-letter reason intake would now give it
 * (for example {@code UNSUPPORTED_PROTOCOL}).
 */
public final class GradingBranch implements Branch<CandidateGeneration, PendingJudgement, PreparedJudgement> {

    private final JudgingPlan plan;
    private final RewardAssembler assembler;
    private final GradedOutputs outputs;
    private final PipelineMetrics metrics;

    public GradingBranch(JudgingPlan plan, RewardAssembler assembler, GradedOutputs outputs, PipelineMetrics metrics) {
        this.plan = Objects.requireNonNull(plan);
        this.assembler = Objects.requireNonNull(assembler);
        this.outputs = Objects.requireNonNull(outputs);
        this.metrics = Objects.requireNonNull(metrics);
    }

    @Override
    public String name() {
        return "grading";
    }

    @Override
    public String id(CandidateGeneration c) {
        return c.getCandidateId();
    }

    /** How every grading branch keeps candidates, so one pending store serves either kind of judge. */
    static final PendingForm<CandidateGeneration, PendingJudgement> PENDING_FORM = new PendingForm<>(
            (c, acceptedAt) -> new PendingJudgement(c, acceptedAt, 0),
            PendingJudgement::getCandidate, PendingJudgement::getAcceptedAt, PendingJudgement::getAttempts);

    @Override
    public PendingForm<CandidateGeneration, PendingJudgement> pendingForm() {
        return PENDING_FORM;
    }

    @Override
    public String groupKey(CandidateGeneration c) {
        return c.getPromptId();
    }

    @Override
    public Plan<PreparedJudgement> plan(CandidateGeneration c) {
        Optional<Rejection> rejection = plan.check(c);
        if (rejection.isPresent()) {
            return new Plan.Withdrawn<>(rejection.get().reason().name(), rejection.get().message());
        }
        PreparedJudgement prepared = plan.prepare(c);
        return new Plan.Ready<>(prepared, prepared.samples());
    }

    @Override
    public GenerationRequest request(PreparedJudgement prepared, int call, String requestId) {
        return prepared.request(requestId, call);
    }

    private Emission emission(PendingJudgement stored, PreparedJudgement prepared, List<JudgeCallResult> results,
                              int attempts, Instant now) {
        List<Generation> answers = new ArrayList<>(results.size());
        JudgeTransportException lastError = null;
        for (JudgeCallResult r : results) {
            if (r instanceof JudgeCallResult.Answered a) {
                answers.add(a.generation());
            } else {
                answers.add(null);
                lastError = ((JudgeCallResult.Failed) r).error();
            }
        }
        return answers.stream().allMatch(Objects::isNull)
                ? assembler.failed(stored, prepared, lastError, attempts, now)
                : assembler.answered(stored, prepared, answers, attempts, now);
    }

    @Override
    public Step<CandidateGeneration> assemble(PendingJudgement stored, PreparedJudgement prepared,
                                              List<JudgeCallResult> results, int attempts, Instant now) {
        return Step.done(outputs(stored, emission(stored, prepared, results, attempts, now)));
    }

    /**
     * Identical responses to one prompt, under one protocol and reference answer, render the same
     * judge prompt, so one judgement answers them all. A digest keeps the key small whatever the
     * response's length.
     */
    @Override
    public Optional<String> shareKey(CandidateGeneration c) {
        return Optional.of(StableHash.digest(c.getPromptId(), c.getProtocol().name(), c.getResponse(),
                c.getReferenceAnswer() == null ? "" : c.getReferenceAnswer()));
    }

    /** Each reward of a shared verdict says so, and names the candidate whose calls produced it. */
    @Override
    public Step<CandidateGeneration> assembleShared(PendingJudgement stored, PreparedJudgement prepared,
                                                    List<JudgeCallResult> results, int attempts, Instant now, String judgedBy) {
        Emission e = emission(stored, prepared, results, attempts, now);
        List<String> flags = new ArrayList<>(e.reward().getFlags());
        flags.add(RewardFlags.SHARED_VERDICT);
        e.reward().setFlags(flags);
        e.reward().setSharedVerdictOf(judgedBy);
        return Step.done(outputs(stored, e));
    }

    @Override
    public List<Output> withdrawn(PendingJudgement stored, Plan.Withdrawn<PreparedJudgement> why, int attempts, Instant now) {
        return outputs(stored, assembler.withdrawn(stored, plan.unjudged(), why.flag(), why.detail(), attempts, now));
    }

    @Override
    public void emitted(PendingJudgement stored, List<Output> outputs, Duration sinceAccepted) {
        countRewards(metrics, outputs, sinceAccepted);
    }

    /** Counts the rewards among a grading branch's outputs, whichever kind of judge wrote them. */
    static void countRewards(PipelineMetrics metrics, List<Output> outputs, Duration sinceAccepted) {
        for (Output o : outputs) {
            if (o.value() instanceof Reward r) metrics.emitted(r.getStatus(), sinceAccepted);
        }
    }

    private List<Output> outputs(PendingJudgement stored, Emission e) {
        return outputs.of(stored.getCandidate(), e.reward(), Optional.of(e.critique()));
    }
}
