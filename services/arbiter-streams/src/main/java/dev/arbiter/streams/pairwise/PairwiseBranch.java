package dev.arbiter.streams.pairwise;

import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.streams.engine.Branch;
import dev.arbiter.streams.engine.JudgeCallResult;
import dev.arbiter.streams.engine.Output;
import dev.arbiter.streams.engine.PendingForm;
import dev.arbiter.streams.engine.Plan;
import dev.arbiter.streams.engine.Step;
import dev.arbiter.streams.health.JudgeFact;
import dev.arbiter.streams.health.JudgementSource;
import dev.arbiter.streams.intake.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pairwise comparison on the {@link dev.arbiter.streams.engine.InFlightEngine}: one judge call
 * per order and sample of a pair, and one consolidated result per pair, told to the judge-health
 * stage. Two kinds of pairs use it: pairwise requests ({@link #requests}), whose result also goes
 * to the pairwise-results topic, and consistency probes ({@link #probes}), which are judged in
 * both orders whatever the profile says and whose result goes nowhere else: a probe measures the
 * judge and never becomes a training signal. A pair still pending from an earlier deployment that
 * the current plan turns away (the profile offers no pairwise comparison, or its template now
 * needs a reference answer) gets a JUDGE_FAILED result flagged with the dead-letter reason intake
 * would now give it, for example {@code UNSUPPORTED_PROTOCOL}.
 */
public final class PairwiseBranch implements Branch<PairwiseRequest, PendingPairwise, List<PairwisePlan.Call>> {

    private final JudgementSource source;
    private final PairwisePlan plan;
    private final PairwiseResultAssembler assembler;
    private final Optional<String> resultsChild;
    private final String healthChild;
    private final Consumer<RewardStatus> emittedMeter;

    private PairwiseBranch(JudgementSource source, PairwisePlan plan, PairwiseResultAssembler assembler,
                           Optional<String> resultsChild, String healthChild, Consumer<RewardStatus> emittedMeter) {
        this.source = source;
        this.plan = Objects.requireNonNull(plan);
        this.assembler = Objects.requireNonNull(assembler);
        this.resultsChild = resultsChild;
        this.healthChild = Objects.requireNonNull(healthChild);
        this.emittedMeter = Objects.requireNonNull(emittedMeter);
    }

    /** Producers' pairwise requests: results to {@code resultsChild}, facts to {@code healthChild}. */
    public static PairwiseBranch requests(PairwisePlan plan, PairwiseResultAssembler assembler, String resultsChild,
                                          String healthChild, Consumer<RewardStatus> emittedMeter) {
        return new PairwiseBranch(JudgementSource.PAIRWISE, plan, assembler, Optional.of(resultsChild), healthChild,
                emittedMeter);
    }

    /** Arbiter's consistency probes: judged in both orders, facts to {@code healthChild} only. */
    public static PairwiseBranch probes(PairwisePlan plan, PairwiseResultAssembler assembler, String healthChild,
                                        Consumer<RewardStatus> emittedMeter) {
        return new PairwiseBranch(JudgementSource.PROBE, plan.inBothOrders(), assembler, Optional.empty(), healthChild,
                emittedMeter);
    }

    @Override
    public String name() {
        return source == JudgementSource.PROBE ? "probe" : "pairwise";
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
    public Step<PairwiseRequest> assemble(PendingPairwise stored, List<PairwisePlan.Call> calls,
                                          List<JudgeCallResult> results, int attempts, Instant now) {
        return Step.done(outputs(stored, assembler.assemble(stored, plan, calls, results, attempts, now)));
    }

    @Override
    public List<Output> withdrawn(PendingPairwise stored, Plan.Withdrawn<List<PairwisePlan.Call>> why, int attempts,
                                  Instant now) {
        return outputs(stored, assembler.withdrawn(stored, plan, why.flag(), attempts, now));
    }

    @Override
    public void emitted(PendingPairwise stored, List<Output> outputs, Duration sinceAccepted) {
        for (Output o : outputs) {
            if (o.value() instanceof JudgeFact.Compared c) emittedMeter.accept(c.result().getStatus());
        }
    }

    private List<Output> outputs(PendingPairwise stored, PairwiseResult result) {
        List<Output> outputs = new ArrayList<>(2);
        resultsChild.ifPresent(child -> outputs.add(new Output(child, result.getPromptId(), result)));
        outputs.add(new Output(healthChild, result.getPromptId(), new JudgeFact.Compared(result, stored.getRequest(), source)));
        return outputs;
    }
}
