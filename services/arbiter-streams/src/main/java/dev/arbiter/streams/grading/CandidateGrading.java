package dev.arbiter.streams.grading;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.streams.engine.Branch;
import dev.arbiter.streams.intake.Rejection;
import dev.arbiter.streams.metrics.PipelineMetrics;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a deployment grades single candidates, by the kind of judge its profile names: which
 * candidates it can judge (checked at intake, so the rest go to the dead-letter topic with a
 * reason) and the engine branch that judges them. A generative judge and a scalar reward model
 * plug into the same engine, stores and topics this way.
 */
public interface CandidateGrading {

    /** Why this deployment cannot judge the candidate, if so. */
    Optional<Rejection> check(CandidateGeneration candidate);

    /** The branch that judges accepted candidates and emits to {@code outputs}. */
    Branch<CandidateGeneration, PendingJudgement, ?> branch(GradedOutputs outputs, PipelineMetrics metrics);

    /** Grading by a generative judge: rendered prompts, parsed verdicts, a critique per reward. */
    static CandidateGrading generative(JudgingPlan plan, RewardAssembler assembler) {
        return of(plan::check, (outputs, metrics) -> new GradingBranch(plan, assembler, outputs, metrics));
    }

    /** Grading by a scalar reward model: one score per candidate, no critique. */
    static CandidateGrading scalar(ScalarJudgingPlan plan, ScalarRewardAssembler assembler) {
        return of(plan::check, (outputs, metrics) -> new ScalarGradingBranch(plan, assembler, outputs, metrics));
    }

    private static CandidateGrading of(Function<CandidateGeneration, Optional<Rejection>> check,
                                       BiFunction<GradedOutputs, PipelineMetrics, Branch<CandidateGeneration, PendingJudgement, ?>> branch) {
        return new CandidateGrading() {
            @Override
            public Optional<Rejection> check(CandidateGeneration candidate) {
                return check.apply(candidate);
            }

            @Override
            public Branch<CandidateGeneration, PendingJudgement, ?> branch(GradedOutputs outputs, PipelineMetrics metrics) {
                return branch.apply(outputs, metrics);
            }
        };
    }
}
