package dev.arbiter.streams.bestofn;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.GroupMember;
import dev.arbiter.schema.PendingGroup;
import dev.arbiter.schema.PendingSelection;
import dev.arbiter.schema.Reward;
import dev.arbiter.streams.health.JudgeFact;
import dev.arbiter.streams.intake.RecentIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Gathers each prompt's rewards into its best-of-N group and closes the group: when all N have
 * arrived, or at its deadline with what arrived (wall-clock time since its first reward, or
 * stream time, as the candidates' {@code produced_at} seen by this task, since its first
 * candidate was produced). A closed group whose selection needs matches goes to the selection
 * engine; one that needs none (a single candidate, ARGMAX without a tie at the top) gets its
 * records at once.
 *
 * <p>Groups live in a changelogged store, keyed by prompt id, and are deleted when they close; the
 * prompt ids of closed groups are remembered for {@code closedMemory} (a window store), so the
 * rule for a candidate arriving after its group closed is simple: it keeps its own reward, the
 * group's record is never rewritten, and it is counted as late. Facts of other kinds pass by.
 */
public final class GroupCollectorProcessor implements Processor<String, JudgeFact, String, Object> {

    private final GroupSettings settings;
    private final Bracket bracket;
    private final SelectionOutcome outcome;
    private final BooleanSupplier pairwiseAvailable;
    private final String groupsStoreName;
    private final String closedStoreName;
    private final String selectionsStoreName;
    private final String selectionChild;
    private final String bestOfNChild;
    private final String pairsChild;
    private final GroupMeters meters;
    private final Clock clock;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PendingGroup> groups;
    private KeyValueStore<String, ?> selections;
    private RecentIds closed;
    /** The latest {@code produced_at} this task life has seen: its stream time for group deadlines. */
    private long streamTime = Long.MIN_VALUE;

    public GroupCollectorProcessor(GroupSettings settings, SelectionOutcome outcome, BooleanSupplier pairwiseAvailable,
                                   String groupsStoreName, String closedStoreName, String selectionsStoreName,
                                   String selectionChild, String bestOfNChild, String pairsChild, GroupMeters meters,
                                   Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.bracket = new Bracket(settings);
        this.outcome = Objects.requireNonNull(outcome);
        this.pairwiseAvailable = Objects.requireNonNull(pairwiseAvailable);
        this.groupsStoreName = Objects.requireNonNull(groupsStoreName);
        this.closedStoreName = Objects.requireNonNull(closedStoreName);
        this.selectionsStoreName = Objects.requireNonNull(selectionsStoreName);
        this.selectionChild = Objects.requireNonNull(selectionChild);
        this.bestOfNChild = Objects.requireNonNull(bestOfNChild);
        this.pairsChild = Objects.requireNonNull(pairsChild);
        this.meters = Objects.requireNonNull(meters);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.groups = context.getStateStore(groupsStoreName);
        this.selections = context.getStateStore(selectionsStoreName);
        this.closed = new RecentIds(context.getStateStore(closedStoreName), settings.closedMemory());
        long every = Math.max(100, Math.min(Math.min(settings.timeout().toMillis(), settings.streamTimeout().toMillis()) / 10, 5_000));
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, ts -> closeOverdue());
    }

    @Override
    public void process(Record<String, JudgeFact> record) {
        if (!(record.value() instanceof JudgeFact.Graded graded)) return;
        CandidateGeneration c = graded.candidate();
        Reward r = graded.reward();
        streamTime = Math.max(streamTime, c.getProducedAt().toEpochMilli());
        String promptId = c.getPromptId();
        long now = clock.millis();
        if (closed.seenWithin(promptId, now)) {
            meters.late();
            return;
        }
        PendingGroup group = groups.get(promptId);
        if (group == null) group = open(c);
        List<GroupMember> members = new ArrayList<>(group.getMembers());
        members.add(GroupMember.newBuilder().setCandidateId(c.getCandidateId()).setGroupIndex(c.getGroupIndex())
                .setResponse(c.getResponse()).setPolicy(c.getPolicy()).setStatus(r.getStatus()).setReward(r.getReward())
                .setJudge(r.getJudge()).build());
        Instant firstProduced = c.getProducedAt().isBefore(group.getFirstProducedAt()) ? c.getProducedAt() : group.getFirstProducedAt();
        group = PendingGroup.newBuilder(group).setMembers(members).setFirstProducedAt(firstProduced).build();
        if (members.size() >= group.getGroupSize()) close(group, "COMPLETE");
        else groups.put(promptId, group);
    }

    private PendingGroup open(CandidateGeneration c) {
        String named = c.getMetadata() == null ? null : c.getMetadata().get(SelectionStrategy.METADATA_KEY);
        SelectionStrategy strategy = named == null ? settings.defaultStrategy()
                : SelectionStrategy.named(named).orElse(settings.defaultStrategy());
        return PendingGroup.newBuilder().setPromptId(c.getPromptId()).setGroupSize(c.getGroupSize())
                .setStrategy(strategy.name()).setPrompt(c.getPrompt()).setReferenceAnswer(c.getReferenceAnswer())
                .setScenario(c.getScenario()).setOpenedAt(clock.instant()).setFirstProducedAt(c.getProducedAt())
                .setMembers(List.of()).build();
    }

    /** Closes every group past its wall-clock or stream-time deadline, with what arrived. */
    private void closeOverdue() {
        long now = clock.millis();
        List<KeyValue<String, PendingGroup>> overdue = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try (KeyValueIterator<String, PendingGroup> it = groups.all()) {
            while (it.hasNext()) {
                KeyValue<String, PendingGroup> kv = it.next();
                if (now - kv.value.getOpenedAt().toEpochMilli() >= settings.timeout().toMillis()) {
                    overdue.add(kv);
                    reasons.add("WALL_CLOCK_DEADLINE");
                } else if (streamTime != Long.MIN_VALUE // no candidate seen yet in this task life: no stream time
                        && streamTime - kv.value.getFirstProducedAt().toEpochMilli() >= settings.streamTimeout().toMillis()) {
                    overdue.add(kv);
                    reasons.add("STREAM_TIME_DEADLINE");
                }
            }
        }
        for (int i = 0; i < overdue.size(); i++) close(overdue.get(i).value, reasons.get(i));
    }

    private void close(PendingGroup group, String reason) {
        String promptId = group.getPromptId();
        groups.delete(promptId);
        Instant now = clock.instant();
        closed.remember(promptId, now.toEpochMilli());
        meters.closed(reason);
        PendingSelection job = PendingSelection.newBuilder().setGroup(group).setClosedBy(reason).setClosedAt(now)
                .setRound(0).setAlive(List.of()).setMatches(List.of()).setJudgeCalls(0).setAcceptedAt(now).setAttempts(0)
                .build();
        job = PendingSelection.newBuilder(job)
                .setAlive(Bracket.seeds(job).stream().map(GroupMember::getCandidateId).toList()).build();
        if (bracket.nextRound(job).isEmpty()) {
            emit(job, List.of());
        } else if (!pairwiseAvailable.getAsBoolean()) {
            emit(job, List.of("PAIRWISE_UNAVAILABLE"));
        } else if (selections.get(promptId) != null) {
            // The same prompt id closed again while an earlier group of it is still being selected
            // (it came back after closedMemory): decided on rewards, never overwriting the other.
            emit(job, List.of(SelectionBranch.CUT_SHORT, "SELECTION_IN_PROGRESS"));
        } else {
            context.forward(new Record<>(promptId, job, now.toEpochMilli()), selectionChild);
        }
    }

    private void emit(PendingSelection job, List<String> flags) {
        Instant now = clock.instant();
        SelectionOutcome.Records records = outcome.of(job, flags, now);
        context.forward(new Record<>(job.getGroup().getPromptId(), records.bestOfN(), now.toEpochMilli()), bestOfNChild);
        records.pair().ifPresent(p -> context.forward(new Record<>(p.getPromptId(), p, now.toEpochMilli()), pairsChild));
        meters.selected(job.getGroup().getStrategy(), records.pair().isPresent());
    }
}
