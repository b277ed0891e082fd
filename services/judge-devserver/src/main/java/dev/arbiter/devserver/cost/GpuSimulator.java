package dev.arbiter.devserver.cost;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs requests through the {@link CostModel}: a request takes a sequence slot (or queues for
 * one), holds it for its simulated service time, then completes. Timing runs on a scheduler, so
 * gRPC threads never sleep.
 */
public final class GpuSimulator {

    /** One request's shape, from the prompt and the generated text. */
    public record Work(String prompt, int promptTokens, int outputTokens) {}

    private record Queued(Work work, CompletableFuture<Void> done) {}

    private final CostModel model;
    private final PrefixCache cache;
    private final ScheduledExecutorService scheduler;
    private final Deque<Queued> queue = new ArrayDeque<>();
    private int running;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong prefillTokens = new AtomicLong();
    private final AtomicLong cachedTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();

    public GpuSimulator(CostModel model, ScheduledExecutorService scheduler) {
        this.model = model;
        this.cache = new PrefixCache(model.prefixCacheTokens());
        this.scheduler = scheduler;
    }

    public CostModel model() {
        return model;
    }

    /** Completes when the simulated GPU has finished the work. */
    public CompletableFuture<Void> run(Work work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (running >= model.maxConcurrentSequences()) {
                queue.addLast(new Queued(work, done));
                return done;
            }
            running++;
        }
        start(new Queued(work, done));
        return done;
    }

    private void start(Queued q) {
        int cached = Math.min(cache.lookupAndInsert(q.work().prompt()), q.work().promptTokens());
        int uncached = q.work().promptTokens() - cached;
        prefillTokens.addAndGet(uncached);
        cachedTokens.addAndGet(cached);
        Duration service = model.serviceTime(uncached, q.work().outputTokens());
        long nanos = (long) (service.toNanos() * model.timeScale());
        if (nanos <= 0) {
            finish(q);
        } else {
            scheduler.schedule(() -> finish(q), nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void finish(Queued q) {
        served.incrementAndGet();
        outputTokens.addAndGet(q.work().outputTokens());
        Queued next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) running--;
        }
        q.done().complete(null);
        if (next != null) start(next);
    }

    public synchronized SimulatorStats stats() {
        return new SimulatorStats(served.get(), running, queue.size(), prefillTokens.get(), cachedTokens.get(),
                outputTokens.get());
    }
}
