package dev.arbiter.triton.batching;

import dev.arbiter.triton.proto.config.ModelConfig;
import dev.arbiter.triton.proto.config.ModelInstanceGroup;
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
 * requests (each carrying one or more items, never split) wait in a queue, and as soon as one of
 * the model's {@code instances} is free they are merged into one batch, formed once the queued
 * items reach the largest preferred batch size or the oldest request has waited
 * {@code maxQueueDelay}, never holding more than {@code maxBatchSize} items. Requests are served
 * in arrival order. While every instance is busy the queue keeps filling, which is why batches
 * grow under load. The counters tell how well batching worked.
 *
 * <p>The same mechanism serves both ends of the wire: the development server batches the rows
 * of concurrent requests into one ONNX Runtime call (synchronous executions), and Arbiter's
 * client batches concurrent candidates into one {@code ModelInfer} call (asynchronous ones, up to
 * {@code instances} in flight).
 *
 * @param <I> an item of a request (one row of the batch dimension)
 * @param <O> its result
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

    /**
     * Triton's {@code max_batch_size}, {@code dynamic_batching} and instance count.
     *
     * @param instances executions that may run at once (Triton's {@code instance_group} count)
     */
    public record Settings(int maxBatchSize, List<Integer> preferredBatchSizes, Duration maxQueueDelay, int instances) {
        public Settings {
            if (maxBatchSize < 1) throw new IllegalArgumentException("maxBatchSize must be at least 1");
            preferredBatchSizes = List.copyOf(preferredBatchSizes);
            if (preferredBatchSizes.stream().anyMatch(p -> p < 1 || p > maxBatchSize)) {
                throw new IllegalArgumentException("preferred batch sizes must be in 1.." + maxBatchSize);
            }
            Objects.requireNonNull(maxQueueDelay);
            if (maxQueueDelay.isNegative()) throw new IllegalArgumentException("maxQueueDelay must not be negative");
            if (instances < 1) throw new IllegalArgumentException("instances must be at least 1");
        }

        /**
         * The batching a Triton model configuration asks for: its {@code max_batch_size}, its
         * {@code dynamic_batching} block (without one Triton runs each request on its own, which is
         * a queue delay of zero and a preferred size of one) and the instance count of its
         * instance groups (1 when none is given, as Triton defaults to).
         */
        public static Settings of(ModelConfig config) {
            if (config.getMaxBatchSize() < 1) {
                throw new IllegalArgumentException("model " + config.getName() + " does not batch (max_batch_size "
                        + config.getMaxBatchSize() + ")");
            }
            int instances = config.getInstanceGroupList().stream().mapToInt(ModelInstanceGroup::getCount)
                    .map(c -> Math.max(1, c)).sum();
            if (!config.hasDynamicBatching()) {
                return new Settings(config.getMaxBatchSize(), List.of(1), Duration.ZERO, Math.max(1, instances));
            }
            return new Settings(config.getMaxBatchSize(), config.getDynamicBatching().getPreferredBatchSizeList(),
                    Duration.ofNanos(config.getDynamicBatching().getMaxQueueDelayMicroseconds() * 1000),
                    Math.max(1, instances));
        }

        /** The batch size at which a batch is formed without waiting. */
        int formAt() {
            return preferredBatchSizes.stream().max(Integer::compare).orElse(maxBatchSize);
        }
    }

    /**
     * How batching went so far.
     *
     * @param executions batches run
     * @param items      items in them
     * @param requests   requests in them
     * @param merged     executions that merged two or more requests
     */
    public record Stats(long executions, long items, long requests, long merged, int largestBatch) {
        public double averageBatch() {
            return executions == 0 ? 0 : items / (double) executions;
        }
    }

    private record Pending<I, O>(List<I> items, CompletableFuture<List<O>> result, long enqueuedNanos) {}

    private final Settings settings;
    private final Function<List<I>, CompletableFuture<List<O>>> execute;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Pending<I, O>> queue = new ArrayDeque<>();
    private int queuedItems;
    private int running;
    private boolean closed;
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    private final AtomicInteger largest = new AtomicInteger();
    private final Thread worker;

    /**
     * @param execute starts one merged batch and completes with one result per item, in order; it
     *                is called on the batcher's own thread and must not block it for longer than
     *                the execution itself takes
     */
    public DynamicBatcher(Settings settings, Function<List<I>, CompletableFuture<List<O>>> execute, String name) {
        this.settings = Objects.requireNonNull(settings);
        this.execute = Objects.requireNonNull(execute);
        this.worker = new Thread(this::work, name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** A batcher whose executions run on its own thread, one at a time, as one model instance does. */
    public static <I, O> DynamicBatcher<I, O> synchronous(Settings settings, Function<List<I>, List<O>> execute, String name) {
        if (settings.instances() != 1) throw new IllegalArgumentException("a synchronous batcher runs one instance");
        return new DynamicBatcher<>(settings, batch -> CompletableFuture.completedFuture(execute.apply(batch)), name);
    }

    public Settings settings() {
        return settings;
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
        return new Stats(executions.get(), items.get(), requests.get(), merged.get(), largest.get());
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

    /**
     * Waits for a free instance and for a batch worth forming, and takes it from the queue; null
     * once closed and empty.
     */
    private List<Pending<I, O>> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (queue.isEmpty()) {
                    if (closed) return null;
                    changed.await();
                    continue;
                }
                if (running >= settings.instances()) {
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
            running++;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void run(List<Pending<I, O>> batch) {
        List<I> mergedItems = new ArrayList<>();
        batch.forEach(p -> mergedItems.addAll(p.items()));
        CompletableFuture<List<O>> execution;
        try {
            execution = Objects.requireNonNull(execute.apply(Collections.unmodifiableList(mergedItems)));
        } catch (RuntimeException e) {
            execution = CompletableFuture.failedFuture(e);
        }
        execution.whenComplete((results, error) -> {
            finished();
            if (error == null && results.size() != mergedItems.size()) {
                error = new IllegalStateException("a batch of " + mergedItems.size() + " gave " + results.size() + " results");
            }
            if (error != null) {
                Throwable cause = error;
                batch.forEach(p -> p.result().completeExceptionally(cause));
                return;
            }
            executions.incrementAndGet();
            items.addAndGet(mergedItems.size());
            requests.addAndGet(batch.size());
            if (batch.size() > 1) merged.incrementAndGet();
            largest.accumulateAndGet(mergedItems.size(), Math::max);
            int at = 0;
            for (Pending<I, O> p : batch) {
                p.result().complete(List.copyOf(results.subList(at, at + p.items().size())));
                at += p.items().size();
            }
        });
    }

    private void finished() {
        lock.lock();
        try {
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
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
