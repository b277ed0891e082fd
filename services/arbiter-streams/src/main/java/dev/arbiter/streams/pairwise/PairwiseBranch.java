package dev.arbiter.streams.pairwise;

import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.streams.engine.Branch;
import dev.arbiter.streams.engine.JudgeCallResult;
import dev.arbiter.streams.engine.Output;
import dev.arbiter.streams.engine.PendingForm;
import dev.arbiter.streams.engine.Plan;
import dev.arbiter.streams.intake.Rejection;
import dev.arbiter.streams.metrics.PipelineMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pairwise comparison on the {@link dev.arbiter.streams.engine.InFlightEngine}: one judge call
 * per order and sample of a pair, and one consolidated result per pair. A pair still pending
 * from an earlier deployment that the current plan turns away (the profile offers no pairwise
 * comparison, or its template now needs a reference answer) gets a JUDGE_FAILED result flagged
 * with the dead-letter reason intake would now give it, for example {@code UNSUPPORTED_PROTOCOL}.
 */
public final class PairwiseBranch implements Branch<PairwiseRequest, PendingPairwise, List<PairwisePlan.Call>> {

    private final PairwisePlan plan;
    private final PairwiseResultAssembler assembler;
    private final String resultsChild;
    private final PipelineMetrics metrics;

    public PairwiseBranch(PairwisePlan plan, PairwiseResultAssembler assembler, String resultsChild, PipelineMetrics metrics) {
        this.plan = Objects.requireNonNull(plan);
        this.assembler = Objects.requireNonNull(assembler);
        this.resultsChild = Objects.requireNonNull(resultsChild);
        this.metrics = Objects.requireNonNull(metrics);
    }

    @Override
    public String name() {
        return "pairwise";
    }

    @Override
    public String id(PairwiseRequest r) {
        return r.getPairId();
    }

    @Override
    public PendingForm<PairwiseRequest, PendingPairwise> pendingForm() {
        return new PendingForm<>((r, acceptedAt) -> new PendingPairwise(r, acceptedAt, 0),
                PendingPairwise::getRequest, PendingPairwise::getAcceptedAt, PendingPairwise::getAttempts);
    }

    @Override
    public String groupKey(PairwiseRequest r) {
        return r.getPromptId();
    }

    @Override
    public Plan<List<PairwisePlan.Call>> plan(PairwiseRequest r) {
        Optional<Rejection> rejection = plan.check(r);
        if (rejection.isPresent()) {
            return new Plan.Withdrawn<>(rejection.get().reason().name(), rejection.get().message());
        }
        List<PairwisePlan.Call> calls = plan.calls(r);
        return new Plan.Ready<>(calls, calls.size());
    }

    @Override
    public GenerationRequest request(List<PairwisePlan.Call> calls, int call, String requestId) {
        return calls.get(call).request(plan.model(), requestId, plan.deadline());
    }

    @Override
    public List<Output> assemble(PendingPairwise stored, List<PairwisePlan.Call> calls, List<JudgeCallResult> results,
                                 int attempts, Instant now) {
        return output(assembler.assemble(stored, plan, calls, results, attempts, now));
    }

    @Override
    public List<Output> withdrawn(PendingPairwise stored, Plan.Withdrawn<List<PairwisePlan.Call>> why, int attempts,
                                  Instant now) {
        return output(assembler.withdrawn(stored, plan, why.flag(), attempts, now));
    }

    @Override
    public void emitted(PendingPairwise stored, List<Output> outputs, Duration sinceAccepted) {
        for (Output o : outputs) {
            if (o.value() instanceof PairwiseResult r) {
                metrics.pairwiseEmitted(r.getStatus());
                metrics.judgeHealth().compared(r, stored.getRequest());
            }
        }
    }

    private List<Output> output(PairwiseResult result) {
        return List.of(new Output(resultsChild, result.getPromptId(), result));
    }
}
