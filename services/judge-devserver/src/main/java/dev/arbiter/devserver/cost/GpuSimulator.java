package dev.arbiter.devserver.cost;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs requests through the {@link CostModel}: a request takes a sequence slot (or queues for
 * one), holds it for its simulated service time, then completes. Timing runs on a scheduler, so
 * gRPC threads never sleep. Time is kept per slot, as a GPU keeps it: a queued request starts
 * when its predecessor was due to finish, not when the scheduler got round to finishing it, so
 * a host whose CPU is busy (the broker and the pipeline share it in a benchmark) delays answers
 * a little but does not lower the simulated GPU's throughput.
 */
public final class GpuSimulator {

    /** One request's shape, from the prompt and the generated text. */
    public record Work(String prompt, int promptTokens, int outputTokens) {}

    /** Told of every finished request; called on the simulator's thread, so it must be quick. */
    @FunctionalInterface
    public interface ServiceListener {
        /**
         * Times on the simulator's nano clock ({@link System#nanoTime()} unless a test gives another).
         *
         * @param arrivedAtNanos  when the request arrived (it may then have queued for a slot)
         * @param dueAtNanos      when the simulated GPU finished it
         * @param finishedAtNanos when its answer was released (later than due when the host is busy)
         */
        void served(long arrivedAtNanos, long dueAtNanos, long finishedAtNanos);
    }

    private record Queued(Work work, CompletableFuture<Void> done, long arrivedAtNanos) {}

    private final CostModel model;
    private final PrefixCache cache;
    private final ScheduledExecutorService scheduler;
    private final Deque<Queued> queue = new ArrayDeque<>();
    private int running;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong prefillTokens = new AtomicLong();
    private final AtomicLong cachedTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private volatile ServiceListener listener = (arrivedAt, dueAt, finishedAt) -> { };
    private final LongSupplier nanoTime;

    public GpuSimulator(CostModel model, ScheduledExecutorService scheduler) {
        this(model, scheduler, System::nanoTime);
    }

    /** With the clock the slots keep time by (tests give a fixed one). */
    public GpuSimulator(CostModel model, ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.model = model;
        this.cache = new PrefixCache(model.prefixCacheTokens());
        this.scheduler = scheduler;
    }

    public CostModel model() {
        return model;
    }

    /** From now on, {@code l} hears of every finished request (benchmarks read the judge's own service times). */
    public void onServed(ServiceListener l) {
        this.listener = java.util.Objects.requireNonNull(l);
    }

    /** Completes when the simulated GPU has finished the work. */
    public CompletableFuture<Void> run(Work work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Queued q = new Queued(work, done, nanoTime.getAsLong());
        synchronized (this) {
            if (running >= model.maxConcurrentSequences()) {
                queue.addLast(q);
                return done;
            }
            running++;
        }
        start(q, q.arrivedAtNanos());
        return done;
    }

    /** Starts {@code q} in a slot that became free at {@code startAt} (nanoTime). */
    private void start(Queued q, long startAt) {
        int cached = Math.min(cache.lookupAndInsert(q.work().prompt()), q.work().promptTokens());
        int uncached = q.work().promptTokens() - cached;
        prefillTokens.addAndGet(uncached);
        cachedTokens.addAndGet(cached);
        Duration service = model.serviceTime(uncached, q.work().outputTokens());
        long nanos = (long) (service.toNanos() * model.timeScale());
        if (nanos <= 0) {
            finish(q, startAt);
        } else {
            long finishAt = startAt + nanos;
            scheduler.schedule(() -> finish(q, finishAt), Math.max(0, finishAt - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
        }
    }

    /** {@code q} was due to finish at {@code dueAt}; its slot passes to the next queued request from then. */
    private void finish(Queued q, long dueAt) {
        served.incrementAndGet();
        outputTokens.addAndGet(model.billedOutputTokens(q.work().outputTokens()));
        listener.served(q.arrivedAtNanos(), dueAt, nanoTime.getAsLong());
        Queued next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) running--;
        }
        q.done().complete(null);
        if (next != null) start(next, Math.max(next.arrivedAtNanos(), dueAt));
    }

    public synchronized SimulatorStats stats() {
        return new SimulatorStats(served.get(), running, queue.size(), prefillTokens.get(), cachedTokens.get(),
                outputTokens.get());
    }
}
