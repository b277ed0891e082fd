package dev.arbiter.streams.pairwise;

import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.PendingPairwise;
import dev.arbiter.streams.judging.CompletionMailbox;
import dev.arbiter.streams.judging.JudgeCallResult;
import dev.arbiter.streams.judging.JudgeDispatcher;
import dev.arbiter.streams.judging.RetryPolicy;
import dev.arbiter.streams.metrics.PipelineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges pairs while the stream keeps flowing, with the same crash guarantees as the
 * single-candidate stage: an accepted request is stored in a changelogged store in the
 * transaction that commits its input offset, all its judge calls (each order, each sample) go
 * out asynchronously, and the result is emitted and the entry deleted in one later transaction,
 * once every call has answered. After a restart, stored requests are judged again from scratch
 * (the calls are independent and deterministic for greedy judges), so each request yields exactly
 * one result.
 */
public final class InFlightPairwiseProcessor implements Processor<String, PairwiseRequest, String, PairwiseResult> {

    /** The calls of one request this task is waiting for. */
    private static final class Job {
        final long token;
        final List<PairwisePlan.Call> calls;
        final JudgeCallResult[] results;
        final int[] attempts;
        int remaining;

        Job(long token, List<PairwisePlan.Call> calls) {
            this.token = token;
            this.calls = calls;
            this.results = new JudgeCallResult[calls.size()];
            this.attempts = new int[calls.size()];
            this.remaining = calls.size();
        }
    }

    private record Completion(String pairId, long token, int call, JudgeCallResult result) {}

    private final String storeName;
    private final JudgeDispatcher dispatcher;
    private final PairwisePlan plan;
    private final PairwiseResultAssembler assembler;
    private final RetryPolicy retry;
    private final int maxPending;
    private final Duration drainInterval;
    private final PipelineMetrics metrics;
    private final Clock clock;

    /** How long a full task waits for one judge answer before polling Kafka again. */
    private static final Duration BACKPRESSURE_WAIT = Duration.ofMillis(100);

    private final CompletionMailbox<Completion> completions = new CompletionMailbox<>();
    private final Map<String, Job> jobs = new HashMap<>();
    private ProcessorContext<String, PairwiseResult> context;
    private KeyValueStore<String, PendingPairwise> pending;

    public InFlightPairwiseProcessor(String storeName, JudgeDispatcher dispatcher, PairwisePlan plan,
                                     PairwiseResultAssembler assembler, RetryPolicy retry, int maxPending,
                                     Duration drainInterval, PipelineMetrics metrics, Clock clock) {
        this.storeName = storeName;
        this.dispatcher = dispatcher;
        this.plan = plan;
        this.assembler = assembler;
        this.retry = retry;
        this.maxPending = maxPending;
        this.drainInterval = drainInterval;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, PairwiseResult> context) {
        this.context = context;
        this.pending = context.getStateStore(storeName);
        completions.open();
        context.schedule(drainInterval, PunctuationType.WALL_CLOCK_TIME, ts -> completions.drain(this::handle));
        List<KeyValue<String, PendingPairwise>> restored = new ArrayList<>();
        try (KeyValueIterator<String, PendingPairwise> it = pending.all()) {
            while (it.hasNext()) restored.add(it.next());
        }
        for (KeyValue<String, PendingPairwise> kv : restored) {
            PendingPairwise p = kv.value;
            pending.put(kv.key, new PendingPairwise(p.getRequest(), p.getAcceptedAt(), p.getAttempts() + 1));
            start(kv.key, p.getRequest());
        }
        metrics.pendingPairsDelta(restored.size());
    }

    @Override
    public void process(Record<String, PairwiseRequest> record) {
        PairwiseRequest r = record.value();
        // Intake dead-letters a pair id that is already pending, so this is always a new pair.
        pending.put(r.getPairId(), new PendingPairwise(r, clock.instant(), 0));
        metrics.pairwiseAccepted();
        metrics.pendingPairsDelta(1);
        start(r.getPairId(), r);
        while (jobs.size() >= maxPending) completions.awaitAndDrain(BACKPRESSURE_WAIT, this::handle);
    }

    private void start(String pairId, PairwiseRequest r) {
        Job job = new Job(completions.nextToken(), plan.calls(r));
        jobs.put(pairId, job);
        for (PairwisePlan.Call call : job.calls) submit(pairId, job, call.index(), Duration.ZERO);
    }

    private void submit(String pairId, Job job, int call, Duration delay) {
        long token = job.token;
        JudgeDispatcher.Submission s = new JudgeDispatcher.Submission(
                job.calls.get(call).request(plan.model(), pairId + "#" + call + "#" + UUID.randomUUID(), plan.deadline()),
                completions.wanted(token),
                result -> completions.post(new Completion(pairId, token, call, result)));
        if (delay.isZero()) dispatcher.submit(s);
        else dispatcher.submitAfter(delay, s);
    }

    private void handle(Completion done) {
        Job job = jobs.get(done.pairId());
        if (job == null || job.token != done.token() || job.results[done.call()] != null) return;
        job.attempts[done.call()]++;
        if (done.result() instanceof JudgeCallResult.Failed failed) {
            JudgeTransportException error = failed.error();
            if (!retry.giveUp(error, job.attempts[done.call()])) {
                metrics.retried(error.kind().name());
                submit(done.pairId(), job, done.call(), retry.backoff(job.attempts[done.call()]));
                return;
            }
        }
        job.results[done.call()] = done.result();
        if (--job.remaining > 0) return;
        PendingPairwise p = pending.get(done.pairId());
        jobs.remove(done.pairId());
        metrics.pendingPairsDelta(-1);
        if (p == null) return;
        Instant now = clock.instant();
        int attempts = p.getAttempts() + Arrays.stream(job.attempts).sum();
        PairwiseResult result = assembler.assemble(p, plan, job.calls, List.of(job.results), attempts, now);
        context.forward(new Record<>(p.getRequest().getPromptId(), result, now.toEpochMilli()));
        pending.delete(done.pairId());
        metrics.pairwiseEmitted(result.getStatus(), result.getConsistencyMeasured(), result.getConsistent());
    }

    @Override
    public void close() {
        completions.close();
        // Answers still in flight belong to this life only; the next owner re-submits from state.
        metrics.pendingPairsDelta(-jobs.size());
        jobs.clear();
    }
}
