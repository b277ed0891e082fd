package dev.arbiter.devserver.scalar;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A dynamic batcher that behaves as Triton's does for a model with {@code max_batch_size > 0}:
 * requests (each carrying one or more items, never split) wait in a queue, and one worker merges
 * them into a batch for a single execution as soon as the queued items reach the largest
 * preferred batch size, or the oldest request has waited {@code maxQueueDelay}, never putting
 * more than {@code maxBatchSize} items in a batch. Requests are served in arrival order. The
 * counters tell how well batching worked (executions, items, the average merged batch).
 *
 * @param <I> an item of a request (one row of the batch dimension)
 * @param <O> its result
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

    /** Triton's {@code max_batch_size} and {@code dynamic_batching} settings. */
    public record Settings(int maxBatchSize, List<Integer> preferredBatchSizes, Duration maxQueueDelay) {
        public Settings {
            if (maxBatchSize < 1) throw new IllegalArgumentException("maxBatchSize must be at least 1");
            preferredBatchSizes = List.copyOf(preferredBatchSizes);
            if (preferredBatchSizes.stream().anyMatch(p -> p < 1 || p > maxBatchSize)) {
                throw new IllegalArgumentException("preferred batch sizes must be in 1.." + maxBatchSize);
            }
            Objects.requireNonNull(maxQueueDelay);
        }

        /** The batch size at which a batch is formed without waiting. */
        int formAt() {
            return preferredBatchSizes.stream().max(Integer::compare).orElse(maxBatchSize);
        }
    }

    /** How batching went so far. */
    public record Stats(long executions, long items, int largestBatch) {
        public double averageBatch() {
            return executions == 0 ? 0 : items / (double) executions;
        }
    }

    private record Pending<I, O>(List<I> items, CompletableFuture<List<O>> result, long enqueuedNanos) {}

    private final Settings settings;
    private final Function<List<I>, List<O>> execute;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Pending<I, O>> queue = new ArrayDeque<>();
    private int queuedItems;
    private boolean closed;
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicInteger largest = new AtomicInteger();
    private final Thread worker;

    /** @param execute runs one merged batch, returning one result per item, in order */
    public DynamicBatcher(Settings settings, Function<List<I>, List<O>> execute, String name) {
        this.settings = Objects.requireNonNull(settings);
        this.execute = Objects.requireNonNull(execute);
        this.worker = new Thread(this::work, name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues one request; its future completes with one result per item when its batch has run. */
    public CompletableFuture<List<O>> submit(List<I> request) {
        if (request.isEmpty() || request.size() > settings.maxBatchSize()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a request must carry 1.." + settings.maxBatchSize() + " items, had " + request.size()));
        }
        CompletableFuture<List<O>> result = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) return CompletableFuture.failedFuture(new IllegalStateException("batcher closed"));
            queue.addLast(new Pending<>(List.copyOf(request), result, System.nanoTime()));
            queuedItems += request.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return result;
    }

    public Stats stats() {
        return new Stats(executions.get(), items.get(), largest.get());
    }

    private void work() {
        while (true) {
            List<Pending<I, O>> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) return;
            run(batch);
        }
    }

    /** Waits until a batch should be formed, and takes it from the queue; null once closed and empty. */
    private List<Pending<I, O>> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (queue.isEmpty()) {
                    if (closed) return null;
                    changed.await();
                    continue;
                }
                long waited = System.nanoTime() - queue.peekFirst().enqueuedNanos();
                long left = settings.maxQueueDelay().toNanos() - waited;
                if (queuedItems >= settings.formAt() || left <= 0 || closed) break;
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            List<Pending<I, O>> batch = new ArrayList<>();
            int size = 0;
            while (!queue.isEmpty() && size + queue.peekFirst().items().size() <= settings.maxBatchSize()) {
                Pending<I, O> p = queue.pollFirst();
                size += p.items().size();
                batch.add(p);
            }
            queuedItems -= size;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void run(List<Pending<I, O>> batch) {
        List<I> merged = new ArrayList<>();
        batch.forEach(p -> merged.addAll(p.items()));
        List<O> results;
        try {
            results = execute.apply(Collections.unmodifiableList(merged));
            if (results.size() != merged.size()) throw new IllegalStateException("a batch of " + merged.size()
                    + " gave " + results.size() + " results");
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        executions.incrementAndGet();
        items.addAndGet(merged.size());
        largest.accumulateAndGet(merged.size(), Math::max);
        int at = 0;
        for (Pending<I, O> p : batch) {
            p.result().complete(List.copyOf(results.subList(at, at + p.items().size())));
            at += p.items().size();
        }
    }

    /** Runs what is queued, then stops the worker. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
