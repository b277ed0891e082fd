package dev.arbiter.streams.judging;

import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.JudgeTransportException;
import java.util.List;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PendingJudgement;
import dev.arbiter.streams.batching.PrefixGroupingBatcher;
import dev.arbiter.streams.emit.Emission;
import dev.arbiter.streams.emit.RewardAssembler;
import dev.arbiter.streams.metrics.PipelineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage that talks to the judge while the stream keeps flowing. An accepted candidate is
 * first written to a changelogged store of pending judgements — in the same transaction that
 * commits its input offset — and only then submitted. Judge answers arrive on transport threads
 * and are queued; a wall-clock punctuation on the stream thread turns them into reward and
 * critique records and deletes the pending entry, again inside one transaction. So a crash at
 * any moment leaves each candidate either pending (re-submitted when the task starts again,
 * see {@link #init}) or emitted — never both, never neither.
 *
 * <p>Stale answers (from before a task was closed and revived, or from a superseded attempt)
 * are recognised by their attempt token and ignored.
 */
public final class InFlightJudgementProcessor implements Processor<String, CandidateGeneration, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(InFlightJudgementProcessor.class);

    /**
     * The judge calls this task is waiting for on one candidate: one per sample (a single one
     * without majority vote). Failed samples are retried on their own.
     */
    private static final class Attempt {
        final long token;
        final PreparedJudgement prepared;
        final Generation[] answers;
        final boolean[] finished;
        final int[] tries;
        int remaining;
        JudgeTransportException lastError;

        Attempt(long token, PreparedJudgement prepared) {
            this.token = token;
            this.prepared = prepared;
            this.answers = new Generation[prepared.samples()];
            this.finished = new boolean[prepared.samples()];
            this.tries = new int[prepared.samples()];
            this.remaining = prepared.samples();
        }
    }

    /** An answer handed over from a transport thread. */
    private record Completion(String candidateId, long token, int sample, JudgeCallResult result) {}

    /** A candidate waiting in the batcher for its first (or restart) submission. */
    private record Queued(String candidateId, PreparedJudgement prepared) {}

    private final String storeName;
    private final String rewardsChild;
    private final String critiquesChild;
    private final JudgeDispatcher dispatcher;
    private final JudgingPlan plan;
    private final RewardAssembler assembler;
    private final RetryPolicy retry;
    private final InFlightSettings settings;
    private final PipelineMetrics metrics;
    private final Clock clock;

    /** How long a full task waits for one judge answer before polling Kafka again. */
    private static final Duration BACKPRESSURE_WAIT = Duration.ofMillis(100);

    private final CompletionMailbox<Completion> completions = new CompletionMailbox<>();
    private final Map<String, Attempt> inFlight = new HashMap<>();
    private PrefixGroupingBatcher<Queued> batcher;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PendingJudgement> pending;
    private int pendingCount;

    public InFlightJudgementProcessor(String storeName, String rewardsChild, String critiquesChild,
                                      JudgeDispatcher dispatcher, JudgingPlan plan, RewardAssembler assembler,
                                      RetryPolicy retry, InFlightSettings settings, PipelineMetrics metrics,
                                      Clock clock) {
        this.storeName = storeName;
        this.rewardsChild = rewardsChild;
        this.critiquesChild = critiquesChild;
        this.dispatcher = dispatcher;
        this.plan = plan;
        this.assembler = assembler;
        this.retry = retry;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(storeName);
        this.batcher = new PrefixGroupingBatcher<>(settings.batchMaxSize(), settings.batchLinger());
        completions.open();
        context.schedule(settings.drainInterval(), PunctuationType.WALL_CLOCK_TIME, ts -> tick());
        resubmitPending();
    }

    /** Everything still pending after a restart or rebalance was accepted but never emitted. */
    private void resubmitPending() {
        int restored = 0;
        java.util.List<org.apache.kafka.streams.KeyValue<String, PendingJudgement>> found = new java.util.ArrayList<>();
        try (KeyValueIterator<String, PendingJudgement> it = pending.all()) {
            while (it.hasNext()) found.add(it.next());
        }
        for (var kv : found) {
            // The previous owner may have had a call in flight for it: count that call as an
            // attempt, so a reward's attempts show it was judged across a restart.
            PendingJudgement p = kv.value;
            pending.put(kv.key, new PendingJudgement(p.getCandidate(), p.getAcceptedAt(), p.getAttempts() + 1));
            enqueue(kv.key, p.getCandidate());
            restored++;
        }
        pendingCount += restored;
        metrics.pendingDelta(restored);
        if (restored > 0) {
            log.info("task {}: re-submitting {} pending judgements restored from state", context.taskId(), restored);
            flushBatch();
        }
    }

    @Override
    public void process(Record<String, CandidateGeneration> record) {
        CandidateGeneration c = record.value();
        Instant now = clock.instant();
        pending.put(c.getCandidateId(), new PendingJudgement(c, now, 0));
        pendingCount++;
        metrics.pendingDelta(1);
        metrics.accepted();
        if (enqueue(c.getCandidateId(), c)) flushBatch();
        while (pendingCount >= settings.maxPendingPerTask()) {
            awaitCompletion();
        }
    }

    private boolean enqueue(String candidateId, CandidateGeneration c) {
        return batcher.add(c.getPromptId(), new Queued(candidateId, plan.prepare(c)), System.nanoTime());
    }

    private void tick() {
        if (batcher.due(System.nanoTime())) flushBatch();
        completions.drain(this::handle);
    }

    /** Backpressure: the task is full, so wait (bounded) for an answer and emit it, on this thread. */
    private void awaitCompletion() {
        flushBatch();
        completions.awaitAndDrain(BACKPRESSURE_WAIT, this::handle);
    }

    private void flushBatch() {
        for (Queued q : batcher.drain()) start(q.candidateId(), q.prepared());
    }

    private void start(String candidateId, PreparedJudgement prepared) {
        Attempt attempt = new Attempt(completions.nextToken(), prepared);
        inFlight.put(candidateId, attempt);
        for (int sample = 0; sample < prepared.samples(); sample++) submit(candidateId, attempt, sample, Duration.ZERO);
    }

    private void submit(String candidateId, Attempt attempt, int sample, Duration delay) {
        long token = attempt.token;
        String requestId = candidateId + "#" + sample + "#" + UUID.randomUUID();
        JudgeDispatcher.Submission s = new JudgeDispatcher.Submission(
                attempt.prepared.request(requestId, sample),
                completions.wanted(token),
                result -> completions.post(new Completion(candidateId, token, sample, result)));
        if (delay.isZero()) dispatcher.submit(s);
        else dispatcher.submitAfter(delay, s);
    }

    private void handle(Completion done) {
        Attempt attempt = inFlight.get(done.candidateId());
        if (attempt == null || attempt.token != done.token() || attempt.finished[done.sample()]) return; // stale
        PendingJudgement p = pending.get(done.candidateId());
        if (p == null) { // emitted already; cannot happen while tokens match, but never emit twice
            inFlight.remove(done.candidateId());
            return;
        }
        int attempts = p.getAttempts() + 1;
        int sample = done.sample();
        if (done.result() instanceof JudgeCallResult.Answered answered) {
            attempt.answers[sample] = answered.generation();
        } else {
            JudgeTransportException error = ((JudgeCallResult.Failed) done.result()).error();
            attempt.tries[sample]++;
            // Counted since this task started judging the candidate: the stored attempt count also
            // holds outage retries (never given up on) and restarts, which must not use up the
            // budget for input-specific failures.
            if (!retry.giveUp(error, attempt.tries[sample])) {
                metrics.retried(error.kind().name());
                pending.put(done.candidateId(), new PendingJudgement(p.getCandidate(), p.getAcceptedAt(), attempts));
                submit(done.candidateId(), attempt, sample, retry.backoff(attempt.tries[sample]));
                return;
            }
            log.warn("candidate {} sample {}: giving up after {} attempts: {}", done.candidateId(), sample,
                    attempt.tries[sample], error.getMessage());
            attempt.lastError = error;
        }
        attempt.finished[sample] = true;
        if (--attempt.remaining > 0) {
            pending.put(done.candidateId(), new PendingJudgement(p.getCandidate(), p.getAcceptedAt(), attempts));
            return;
        }
        Instant now = clock.instant();
        List<Generation> answers = java.util.Arrays.asList(attempt.answers);
        if (answers.stream().allMatch(java.util.Objects::isNull)) {
            emit(p, assembler.failed(p, attempt.prepared, attempt.lastError, attempts, now), now);
        } else {
            emit(p, assembler.answered(p, attempt.prepared, answers, attempts, now), now);
        }
    }

    private void emit(PendingJudgement p, Emission e, Instant now) {
        String candidateId = p.getCandidate().getCandidateId();
        long ts = now.toEpochMilli();
        context.forward(new Record<>(p.getCandidate().getPromptId(), (Object) e.reward(), ts), rewardsChild);
        context.forward(new Record<>(candidateId, (Object) e.critique(), ts), critiquesChild);
        pending.delete(candidateId);
        inFlight.remove(candidateId);
        pendingCount--;
        metrics.pendingDelta(-1);
        metrics.emitted(e.reward().getStatus(), Duration.between(p.getAcceptedAt(), now));
    }

    @Override
    public void close() {
        // Answers still in flight belong to this life only; the next owner re-submits from state.
        completions.close();
        inFlight.clear();
        if (batcher != null) batcher.drain();
        metrics.pendingDelta(-pendingCount);
        pendingCount = 0;
    }
}
