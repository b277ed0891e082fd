package dev.arbiter.streams.grading;

import dev.arbiter.judge.transport.ScoreRequest;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.schema.Reward;
import dev.arbiter.streams.engine.Branch;
import dev.arbiter.streams.engine.JudgeCallResult;
import dev.arbiter.streams.engine.Output;
import dev.arbiter.streams.engine.PendingForm;
import dev.arbiter.streams.engine.Plan;
import dev.arbiter.streams.engine.Step;
import dev.arbiter.streams.intake.Rejection;
import dev.arbiter.streams.metrics.PipelineMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Single-candidate grading by a scalar reward model on the
 * {@link dev.arbiter.streams.engine.InFlightEngine}: one score call per candidate (the transport
 * batches concurrent calls into one inference request), grouped by prompt so a prompt's
 * candidates travel together and share their reference row, and one reward per candidate with no
 * critique, told to the stages that follow (judge health, best-of-N). It keeps candidates in the
 * same pending store as generative grading, so a deployment can switch judge kinds and still
 * finish what was pending.
 */
public final class ScalarGradingBranch implements Branch<CandidateGeneration, PendingJudgement, PreparedScore> {

    private final ScalarJudgingPlan plan;
    private final ScalarRewardAssembler assembler;
    private final GradedOutputs outputs;
    private final PipelineMetrics metrics;

    public ScalarGradingBranch(ScalarJudgingPlan plan, ScalarRewardAssembler assembler, GradedOutputs outputs,
                               PipelineMetrics metrics) {
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

    @Override
    public PendingForm<CandidateGeneration, PendingJudgement> pendingForm() {
        return GradingBranch.PENDING_FORM;
    }

    @Override
    public String groupKey(CandidateGeneration c) {
        return c.getPromptId();
    }

    @Override
    public Plan<PreparedScore> plan(CandidateGeneration c) {
        Optional<Rejection> rejection = plan.check(c);
        if (rejection.isPresent()) return new Plan.Withdrawn<>(rejection.get().reason().name(), rejection.get().message());
        return new Plan.Ready<>(plan.prepare(c), 1);
    }

    @Override
    public ScoreRequest request(PreparedScore prepared, int call, String requestId) {
        return prepared.request(requestId);
    }

    @Override
    public Step<CandidateGeneration> assemble(PendingJudgement stored, PreparedScore prepared, List<JudgeCallResult> results,
                                              int attempts, Instant now) {
        JudgeCallResult result = results.get(0);
        Reward reward = result instanceof JudgeCallResult.Answered a
                ? assembler.scored(stored, prepared, a.score(), attempts, now)
                : assembler.failed(stored, prepared, ((JudgeCallResult.Failed) result).error(), attempts, now);
        return Step.done(outputs.of(stored.getCandidate(), reward, Optional.empty()));
    }

    @Override
    public List<Output> withdrawn(PendingJudgement stored, Plan.Withdrawn<PreparedScore> why, int attempts, Instant now) {
        return outputs.of(stored.getCandidate(), assembler.withdrawn(stored, plan.unjudged(), why.flag(), attempts, now),
                Optional.empty());
    }

    @Override
    public void emitted(PendingJudgement stored, List<Output> emitted, Duration sinceAccepted) {
        GradingBranch.countRewards(metrics, emitted, sinceAccepted);
    }
}
