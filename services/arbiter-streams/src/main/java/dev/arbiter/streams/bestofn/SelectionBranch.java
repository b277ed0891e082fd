package dev.arbiter.streams.bestofn;

import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.schema.PendingSelection;
import dev.arbiter.schema.SelectionMatch;
import dev.arbiter.streams.engine.Branch;
import dev.arbiter.streams.engine.JudgeCallResult;
import dev.arbiter.streams.engine.Output;
import dev.arbiter.streams.engine.PendingForm;
import dev.arbiter.streams.engine.Plan;
import dev.arbiter.streams.engine.Step;
import dev.arbiter.streams.health.JudgeFact;
import dev.arbiter.streams.health.JudgementSource;
import dev.arbiter.streams.intake.Rejection;
import dev.arbiter.streams.pairwise.PairwisePlan;
import dev.arbiter.streams.pairwise.PairwiseResultAssembler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Best-of-N selection on the {@link dev.arbiter.streams.engine.InFlightEngine}: one item per
 * closed group that needs matches, one step per round of its {@link Bracket}. Every match is
 * judged in both orders, whatever the profile's order policy, and consolidated as a pairwise
 * request would be; each judged match is also told to the judge-health stage
 * ({@code source = selection}). After the last round the group's best-of-N record and preference
 * pair are emitted, in the transaction that deletes the item; until then each round replaces the
 * item with the next one, so a restart resumes at the round in progress. A group whose matches
 * cannot be judged any more (the profile lost its pairwise template) is decided on what was
 * judged, flagged SELECTION_CUT_SHORT.
 */
public final class SelectionBranch implements Branch<PendingSelection, PendingSelection, List<SelectionBranch.MatchWork>> {

    /** Flag of a best-of-N record whose matches could not all be judged. */
    public static final String CUT_SHORT = "SELECTION_CUT_SHORT";

    /** One match of the round: its pairing, the pairwise request it is judged as, and its calls from {@code firstCall} on. */
    public record MatchWork(Bracket.Pairing pairing, PairwiseRequest request, List<PairwisePlan.Call> calls, int firstCall) {}

    private final Bracket bracket;
    private final PairwisePlan plan;
    private final PairwiseResultAssembler pairwise;
    private final SelectionOutcome outcome;
    private final String bestOfNChild;
    private final String pairsChild;
    private final String healthChild;
    private final GroupMeters meters;

    public SelectionBranch(GroupSettings settings, PairwisePlan plan, PairwiseResultAssembler pairwise, String bestOfNChild,
                           String pairsChild, String healthChild, GroupMeters meters) {
        this.bracket = new Bracket(settings);
        this.plan = plan.inBothOrders();
        this.pairwise = Objects.requireNonNull(pairwise);
        this.outcome = new SelectionOutcome(settings, this.plan.judge());
        this.bestOfNChild = Objects.requireNonNull(bestOfNChild);
        this.pairsChild = Objects.requireNonNull(pairsChild);
        this.healthChild = Objects.requireNonNull(healthChild);
        this.meters = Objects.requireNonNull(meters);
    }

    @Override
    public String name() {
        return "selection";
    }

    @Override
    public String id(PendingSelection job) {
        return job.getGroup().getPromptId();
    }

    @Override
    public PendingForm<PendingSelection, PendingSelection> pendingForm() {
        return new PendingForm<>((job, acceptedAt) -> PendingSelection.newBuilder(job).setAcceptedAt(acceptedAt).build(),
                job -> job, PendingSelection::getAcceptedAt, PendingSelection::getAttempts);
    }

    @Override
    public String groupKey(PendingSelection job) {
        return job.getGroup().getPromptId();
    }

    @Override
    public Plan<List<MatchWork>> plan(PendingSelection job) {
        List<Bracket.Pairing> round = bracket.nextRound(job);
        if (round.isEmpty()) return new Plan.Withdrawn<>("SELECTION_DECIDED", "the selection needs no more matches");
        List<MatchWork> work = new ArrayList<>();
        int next = 0;
        for (Bracket.Pairing p : round) {
            PairwiseRequest request = request(job, p);
            Optional<Rejection> rejection = plan.check(request);
            if (rejection.isPresent()) return new Plan.Withdrawn<>(rejection.get().reason().name(), rejection.get().message());
            List<PairwisePlan.Call> calls = plan.calls(request);
            work.add(new MatchWork(p, request, calls, next));
            next += calls.size();
        }
        return new Plan.Ready<>(work, next);
    }

    /** A match as the pairwise request it is judged as; A is the better seed. */
    static PairwiseRequest request(PendingSelection job, Bracket.Pairing p) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (job.getGroup().getScenario() != null) metadata.put("scenario", job.getGroup().getScenario());
        List<ChatTurn> prompt = job.getGroup().getPrompt();
        return PairwiseRequest.newBuilder()
                .setPairId(job.getGroup().getPromptId() + "/" + p.kind().name().toLowerCase(Locale.ROOT) + "/" + p.round() + "/"
                        + p.a().getCandidateId() + "/" + p.b().getCandidateId())
                .setPromptId(job.getGroup().getPromptId()).setPrompt(prompt)
                .setResponseA(p.a().getResponse()).setResponseB(p.b().getResponse())
                .setCandidateIdA(p.a().getCandidateId()).setCandidateIdB(p.b().getCandidateId())
                .setReferenceAnswer(job.getGroup().getReferenceAnswer())
                .setProducedAt(job.getClosedAt()).setMetadata(metadata).build();
    }

    @Override
    public GenerationRequest request(List<MatchWork> work, int call, String requestId) {
        for (MatchWork w : work) {
            if (call < w.firstCall() + w.calls().size()) {
                return w.calls().get(call - w.firstCall()).request(plan.model(), requestId, plan.deadline());
            }
        }
        throw new IllegalArgumentException("no call " + call + " in this round");
    }

    @Override
    public Step<PendingSelection> assemble(PendingSelection job, List<MatchWork> work, List<JudgeCallResult> results,
                                           int attempts, Instant now) {
        List<SelectionMatch> judged = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        for (MatchWork w : work) {
            List<JudgeCallResult> mine = results.subList(w.firstCall(), w.firstCall() + w.calls().size());
            PairwiseResult r = pairwise.assemble(new PendingPairwise(w.request(), job.getAcceptedAt(), 0), plan, w.calls(),
                    mine, w.calls().size(), now);
            judged.add(SelectionMatch.newBuilder().setRound(w.pairing().round()).setKind(w.pairing().kind().name())
                    .setCandidateIdA(w.request().getCandidateIdA()).setCandidateIdB(w.request().getCandidateIdB())
                    .setStatus(r.getStatus()).setWinner(r.getWinner()).setConsistent(r.getConsistent())
                    .setConsistencyMeasured(r.getConsistencyMeasured()).setJudgements(r.getJudgements()).build());
            outputs.add(new Output(healthChild, job.getGroup().getPromptId(),
                    new JudgeFact.Compared(r, w.request(), JudgementSource.SELECTION)));
        }
        PendingSelection next = bracket.afterRound(job, judged, attempts);
        if (!bracket.nextRound(next).isEmpty()) return new Step.Continue<>(next, outputs);
        outputs.addAll(records(next, List.of(), now));
        return Step.done(outputs);
    }

    @Override
    public List<Output> withdrawn(PendingSelection job, Plan.Withdrawn<List<MatchWork>> why, int attempts, Instant now) {
        List<String> flags = why.flag().equals("SELECTION_DECIDED") ? List.of() : List.of(CUT_SHORT, why.flag());
        return records(PendingSelection.newBuilder(job).setJudgeCalls(Math.max(job.getJudgeCalls(), attempts)).build(), flags, now);
    }

    private List<Output> records(PendingSelection job, List<String> flags, Instant now) {
        SelectionOutcome.Records records = outcome.of(job, flags, now);
        List<Output> out = new ArrayList<>();
        out.add(new Output(bestOfNChild, job.getGroup().getPromptId(), records.bestOfN()));
        records.pair().ifPresent(p -> out.add(new Output(pairsChild, p.getPromptId(), p)));
        return out;
    }

    @Override
    public void emitted(PendingSelection stored, List<Output> outputs, Duration sinceAccepted) {
        boolean paired = outputs.stream().anyMatch(o -> o.value() instanceof dev.arbiter.schema.PreferencePair);
        for (Output o : outputs) {
            if (o.value() instanceof dev.arbiter.schema.BestOfN b) meters.selected(b.getStrategy(), paired);
        }
    }
}
