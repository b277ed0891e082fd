package dev.arbiter.streams.engine;

import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.streams.batching.PrefixGroupingBatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one in-flight stage every judge call goes through, whatever its {@link Branch}. An
 * accepted item is written to a changelogged pending store, in the transaction that commits its
 * input offset, and accepting returns at once. Judge answers arrive on transport threads and are
 * handed over through a {@link CompletionMailbox}; a wall-clock punctuation on the stream thread
 * turns finished items into output records and deletes their pending entries, again in one
 * transaction. A crash at any moment leaves each item either pending (judged again when the task
 * starts) or emitted: never both, never neither.
 *
 * <p><b>Backpressure without an open transaction.</b> Only a window of {@code windowPerTask}
 * items is judged, and held in memory, at a time; the rest wait in the pending store (RocksDB,
 * on disk), in arrival order, and enter the window as earlier ones finish. So a judge outage
 * fills the disk-backed store instead of the heap, and the stream thread keeps polling,
 * committing and serving the task's other branch. Only at {@code maxPendingPerTask} stored items
 * does accepting wait for answers inside {@code process()}: the one case where a transaction
 * stays open, and if the judge is away longer than the transaction timeout the broker fences the
 * producer and the tasks are re-created from their changelogs (correct, but churn). The cap
 * trades that against disk and restore time: set it to what a task may absorb during the longest
 * outage it should ride out without churn.
 *
 * <p><b>Lives.</b> Every item in the window carries the token of the task life that started it;
 * answers for an earlier life (the task was closed and revived) are dropped. On every start the
 * pending store is read back and each item re-planned by its branch: one the current plan cannot
 * judge (its protocol was withdrawn, its branch switched off) gets a failed result with the
 * branch's reason, and one whose planning or assembly throws gets a failed result too, so the
 * stage never crash-loops on its own stored work.
 *
 * <p><b>Steps.</b> A branch may answer an item's finished calls with a next step instead of
 * outputs (the next round of a tournament, {@link Step.Continue}): the next step replaces the
 * pending entry under the same id, in the transaction that forwards the step's outputs, and
 * enters the window at once, so a restart resumes at the step the item was in.
 *
 * <p><b>Shared calls.</b> An item whose branch gives it the share key of an item already being
 * judged in this task life makes no calls: it waits in the window and is answered with that
 * item's results when they come ({@link Branch#shareKey}). Both stay in the pending store, so a
 * restart judges them again, once, the first to be admitted making the calls.
 *
 * <p><b>Retries and attempts.</b> A failed call is retried after the policy's backoff; failures
 * that are the input's fault are given up after {@code maxAttempts} tries of that call, and the
 * item is finished by the {@link SamplePolicy}. The number of calls made for an item, across
 * lives, lives in a separate small store, so a retry never rewrites the stored item.
 */
public final class InFlightEngine<I, S, P> implements Processor<String, I, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(InFlightEngine.class);

    /** Flag of a failed result for an item whose planning threw (a bug, never an input's fault). */
    public static final String PLAN_FAILED = "PLAN_FAILED";
    /** Flag of a failed result for an item whose output could not be assembled. */
    public static final String ASSEMBLY_FAILED = "ASSEMBLY_FAILED";

    /** How long a task at its pending cap waits for one answer before polling again. */
    private static final Duration CAP_WAIT = Duration.ofMillis(100);

    /** One item in the window: the calls this task life is waiting for. */
    private final class Active {
        final long token;
        final P prepared;
        final JudgeCallResult[] results;
        final int[] tries;
        /** Judge calls recorded in the envelope itself (entries from before the attempts store). */
        final int envelopeAttempts;
        /** Judge calls counted in the attempts store when this life admitted the item. */
        final int storedAttempts;
        /** The id of the item whose calls answer this one, or null when it makes its own. */
        String judgedBy;
        /** The share key under which this item makes calls for others too, or null. */
        String judgingFor;
        int remaining;
        int callsMade;
        /** The prompt group its calls wait in at the dispatcher. */
        final String group;

        Active(long token, Plan.Ready<P> plan, int envelopeAttempts, int storedAttempts, String group) {
            this.token = token;
            this.group = group;
            this.prepared = plan.prepared();
            this.results = new JudgeCallResult[plan.calls()];
            this.tries = new int[plan.calls()];
            this.envelopeAttempts = envelopeAttempts;
            this.storedAttempts = storedAttempts;
            this.remaining = plan.calls();
        }

        /** What the attempts store keeps: never the envelope's count, so it is never added twice. */
        int persisted() {
            return storedAttempts + callsMade;
        }

        int attempts() {
            return envelopeAttempts + persisted();
        }
    }

    private record Completion(String id, long token, int call, JudgeCallResult result) {}

    private final Branch<I, S, P> branch;
    private final PendingForm<I, S> form;
    private final String pendingStoreName;
    private final String attemptsStoreName;
    private final JudgeDispatcher dispatcher;
    private final RetryPolicy retry;
    private final EngineSettings settings;
    private final EngineMetrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;

    private final CompletionMailbox<Completion> completions = new CompletionMailbox<>();
    private final Map<String, Active> window = new LinkedHashMap<>();
    private final Deque<String> backlog = new ArrayDeque<>();
    /** Ids restored in this life and not yet admitted: each counts one call the previous owner may have made. */
    private final Set<String> restored = new HashSet<>();
    /** Share key to the id of the item in the window making the calls for it. */
    private final Map<String, String> judgingByKey = new HashMap<>();
    /** Items answered by another's calls, by the id of the item making them. */
    private final Map<String, List<String>> sharers = new HashMap<>();
    private PrefixGroupingBatcher<String> batcher;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, S> pending;
    private KeyValueStore<String, Integer> attempts;
    private int pendingCount;

    public InFlightEngine(Branch<I, S, P> branch, String pendingStoreName, String attemptsStoreName,
                          JudgeDispatcher dispatcher, RetryPolicy retry, EngineSettings settings,
                          EngineMetrics metrics, Clock clock) {
        this(branch, pendingStoreName, attemptsStoreName, dispatcher, retry, settings, metrics, clock, System::nanoTime);
    }

    InFlightEngine(Branch<I, S, P> branch, String pendingStoreName, String attemptsStoreName, JudgeDispatcher dispatcher,
                   RetryPolicy retry, EngineSettings settings, EngineMetrics metrics, Clock clock, LongSupplier nanoTime) {
        this.branch = Objects.requireNonNull(branch);
        this.form = branch.pendingForm();
        this.pendingStoreName = Objects.requireNonNull(pendingStoreName);
        this.attemptsStoreName = Objects.requireNonNull(attemptsStoreName);
        this.dispatcher = Objects.requireNonNull(dispatcher);
        this.retry = Objects.requireNonNull(retry);
        this.settings = Objects.requireNonNull(settings);
        this.metrics = Objects.requireNonNull(metrics);
        this.clock = Objects.requireNonNull(clock);
        this.nanoTime = Objects.requireNonNull(nanoTime);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(pendingStoreName);
        this.attempts = context.getStateStore(attemptsStoreName);
        this.batcher = new PrefixGroupingBatcher<>(settings.batchMaxSize(), settings.batchLinger(), settings.groupByPrompt());
        completions.open();
        context.schedule(settings.drainInterval(), PunctuationType.WALL_CLOCK_TIME, ts -> tick());
        restore();
    }

    /** Everything still pending after a restart or rebalance was accepted but never emitted. */
    private void restore() {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, S> it = pending.all()) {
            while (it.hasNext()) ids.add(it.next().key);
        }
        // The previous owner may have had a call in flight for each: counted when the item is
        // admitted, not written here, so a restore writes nothing per stored item.
        restored.addAll(ids);
        backlog.addAll(ids);
        pendingCount += ids.size();
        metrics.pendingDelta(ids.size());
        if (!ids.isEmpty()) {
            log.info("task {}: {} branch re-submitting {} pending items restored from state", context.taskId(),
                    branch.name(), ids.size());
        }
        // They enter the window on the first punctuation: forwarding (a withdrawn item's failed
        // result) is not for init().
    }

    @Override
    public void process(Record<String, I> record) {
        I item = record.value();
        String id = branch.id(item);
        S stored = form.wrap().apply(item, clock.instant());
        pending.put(id, stored);
        pendingCount++;
        metrics.accepted();
        metrics.pendingDelta(1);
        // With nothing queued ahead of it, a new item enters the window at once, without reading
        // back what was just written: a new id has no attempts recorded yet.
        if (backlog.isEmpty() && window.size() < settings.windowPerTask()) admit(id, stored, 0);
        else backlog.addLast(id);
        fill();
        while (pendingCount >= settings.maxPendingPerTask()) {
            // The documented rare case: the task holds its cap of stored items, so stop taking input.
            flushBatch();
            completions.awaitAndDrain(CAP_WAIT, this::handle);
            fill();
        }
    }

    private void tick() {
        if (batcher.due(nanoTime.getAsLong())) flushBatch();
        completions.drain(this::handle);
        fill();
    }

    /**
     * Moves backlog items into the window while it has room, planning each against the current
     * profile. At most {@code windowPerTask} items are handled per call, admitted or not: a
     * restore after a profile change could otherwise answer a whole backlog of withdrawn items
     * in one transaction, past its timeout, and do it again after every fencing.
     */
    private void fill() {
        int handled = 0;
        while (window.size() < settings.windowPerTask() && !backlog.isEmpty() && handled++ < settings.windowPerTask()) {
            String id = backlog.pollFirst();
            S stored = pending.get(id);
            if (stored != null) admit(id, stored, attemptsSoFar(id) + (restored.remove(id) ? 1 : 0));
            else forgetMissing(id);
        }
        if (batcher.due(nanoTime.getAsLong())) flushBatch();
    }

    /** An id whose stored entry is gone (cannot happen while intake turns pending ids away): keep the counts true. */
    private void forgetMissing(String id) {
        log.warn("{} item {} has no pending entry any more; dropping it from the task's count", branch.name(), id);
        attempts.delete(id);
        restored.remove(id);
        pendingCount--;
        metrics.pendingDelta(-1);
    }

    /** @param persisted judge calls already counted for the item outside its envelope */
    private void admit(String id, S stored, int persisted) {
        I item = form.item().apply(stored);
        int envelope = form.storedAttempts().applyAsInt(stored);
        Plan<P> plan;
        try {
            plan = branch.plan(item);
        } catch (RuntimeException e) {
            log.error("task {}: could not plan {} item {}; it gets a failed result", context.taskId(), branch.name(), id, e);
            plan = new Plan.Withdrawn<>(PLAN_FAILED, "planning failed: " + e);
        }
        if (plan instanceof Plan.Withdrawn<P> withdrawn) {
            log.warn("task {}: {} item {} cannot be judged under the current plan ({}): {}", context.taskId(),
                    branch.name(), id, withdrawn.flag(), withdrawn.detail());
            metrics.withdrawn(withdrawn.flag());
            finish(id, stored, branch.withdrawn(stored, withdrawn, envelope + persisted, clock.instant()));
            return;
        }
        String group = branch.groupKey(item);
        Active active = new Active(completions.nextToken(), (Plan.Ready<P>) plan, envelope, persisted, group);
        window.put(id, active);
        metrics.activeDelta(1);
        Optional<String> key = branch.shareKey(item);
        if (key.isPresent()) {
            String judging = judgingByKey.putIfAbsent(key.get(), id);
            if (judging == null) active.judgingFor = key.get();
            else {
                active.judgedBy = judging;
                sharers.computeIfAbsent(judging, k -> new ArrayList<>()).add(id);
                return; // answered by the calls of the item already being judged
            }
        }
        if (batcher.add(group, id, nanoTime.getAsLong())) flushBatch();
    }

    private void flushBatch() {
        for (String id : batcher.drain()) {
            Active active = window.get(id);
            if (active == null || active.judgedBy != null) continue;
            for (int call = 0; call < active.results.length; call++) submit(id, active, call, Duration.ZERO);
        }
    }

    private void submit(String id, Active active, int call, Duration delay) {
        long token = active.token;
        String requestId = id + "#" + call + "#" + UUID.randomUUID();
        // Without grouping each call waits in its own group, that is in arrival order.
        JudgeDispatcher.Submission s = new JudgeDispatcher.Submission(
                branch.request(active.prepared, call, requestId), settings.groupByPrompt() ? active.group : requestId,
                completions.wanted(token),
                result -> completions.post(new Completion(id, token, call, result)));
        if (delay.isZero()) dispatcher.submit(s);
        else dispatcher.submitAfter(delay, s);
    }

    private void handle(Completion done) {
        Active active = window.get(done.id());
        if (active == null || active.token != done.token() || active.results[done.call()] != null) return; // stale
        active.callsMade++;
        int call = done.call();
        if (done.result() instanceof JudgeCallResult.Failed failed) {
            JudgeTransportException error = failed.error();
            active.tries[call]++;
            // Counted since this life started the item: the stored count also holds outage retries
            // (never given up on) and restarts, which must not use up an input's budget.
            if (!retry.giveUp(error, active.tries[call])) {
                metrics.retried(error.kind());
                attempts.put(done.id(), active.persisted());
                submit(done.id(), active, call, retry.backoff(active.tries[call]));
                return;
            }
            log.warn("{} item {} call {}: giving up after {} tries: {}", branch.name(), done.id(), call,
                    active.tries[call], error.getMessage());
            metrics.gaveUp(error.kind());
        }
        active.results[call] = done.result();
        if (--active.remaining > 0) {
            attempts.put(done.id(), active.persisted());
            return;
        }
        List<JudgeCallResult> results = Arrays.asList(active.results);
        List<String> sharing = sharers.remove(done.id());
        if (active.judgingFor != null) judgingByKey.remove(active.judgingFor, done.id());
        complete(done.id(), active, results, sharing == null ? null : done.id());
        if (sharing == null) return;
        for (String id : sharing) {
            Active shared = window.get(id);
            if (shared != null) complete(id, shared, results, done.id());
        }
    }

    /**
     * Turns an item's results into its step and takes it: outputs and forgetting it, or its next
     * step. {@code judgedBy} names the item whose calls these are when they answer more than one.
     */
    private void complete(String id, Active active, List<JudgeCallResult> results, String judgedBy) {
        S stored = pending.get(id);
        if (stored == null) { // cannot happen while tokens match; never emit without a pending entry
            window.remove(id);
            metrics.activeDelta(-1);
            forgetMissing(id);
            return;
        }
        Instant now = clock.instant();
        Step<I> step;
        try {
            step = judgedBy == null ? branch.assemble(stored, active.prepared, results, active.attempts(), now)
                    : branch.assembleShared(stored, active.prepared, results, active.attempts(), now, judgedBy);
        } catch (RuntimeException e) {
            log.error("{} item {}: could not assemble its result; it gets a failed one", branch.name(), id, e);
            metrics.withdrawn(ASSEMBLY_FAILED);
            step = Step.done(branch.withdrawn(stored, new Plan.Withdrawn<>(ASSEMBLY_FAILED, "assembling the result failed: " + e),
                    active.attempts(), now));
        }
        if (step instanceof Step.Continue<I> next) carryOn(id, stored, active, next);
        else finish(id, stored, step.outputs());
    }

    /**
     * The item goes on as its next step under the same id: the step's outputs are forwarded, the
     * next step replaces the pending entry and enters the window at once, all in the transaction
     * in progress. Its attempts keep counting from the step just finished.
     */
    private void carryOn(String id, S stored, Active finished, Step.Continue<I> next) {
        forward(next.outputs(), clock.instant());
        S following = form.wrap().apply(next.next(), form.acceptedAt().apply(stored));
        pending.put(id, following);
        attempts.put(id, finished.persisted());
        window.remove(id);
        metrics.activeDelta(-1);
        admit(id, following, finished.persisted());
    }

    /** Emits an item's outputs and forgets it, in the transaction in progress. */
    private void finish(String id, S stored, List<Output> outputs) {
        Instant now = clock.instant();
        forward(outputs, now);
        pending.delete(id);
        attempts.delete(id);
        if (window.remove(id) != null) metrics.activeDelta(-1);
        pendingCount--;
        metrics.pendingDelta(-1);
        branch.emitted(stored, outputs, Duration.between(form.acceptedAt().apply(stored), now));
    }

    private void forward(List<Output> outputs, Instant now) {
        long ts = now.toEpochMilli();
        for (Output o : outputs) context.forward(new Record<>(o.key(), o.value(), ts), o.child());
    }

    private int attemptsSoFar(String id) {
        Integer n = attempts.get(id);
        return n == null ? 0 : n;
    }

    /** Items this task life holds in memory (for tests). */
    int windowSize() {
        return window.size();
    }

    @Override
    public void close() {
        // Answers still in flight belong to this life only; the next owner re-submits from state.
        completions.close();
        metrics.activeDelta(-window.size());
        window.clear();
        backlog.clear();
        restored.clear();
        judgingByKey.clear();
        sharers.clear();
        if (batcher != null) batcher.drain();
        metrics.pendingDelta(-pendingCount);
        pendingCount = 0;
    }
}
