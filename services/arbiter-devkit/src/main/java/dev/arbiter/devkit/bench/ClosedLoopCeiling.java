package dev.arbiter.devkit.bench;

import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeTransport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The judge's ceiling, measured rather than computed: {@code concurrency} closed loops, each
 * sending its next request over gRPC the moment its last one is answered, with no Kafka and no
 * Arbiter in between. After a warm-up the answers finishing in the window are counted; that
 * rate is the most this judge does for these requests at this concurrency. Requests are sent in
 * the given order (one best-of-N group after another, the best case for a prefix cache) and
 * none twice, so the cache sees what it would see in production. The loops start spread over
 * {@code stagger} rather than all at once: requests of equal cost started together would finish
 * together, in waves, and a window would count a whole wave more or less depending on where it
 * fell.
 */
public final class ClosedLoopCeiling {

    /**
     * @param concurrency       requests outstanding at once
     * @param requestsPerSecond answers finishing per second in the window
     * @param p50Ms             median latency of those answers, as the client saw it
     * @param p99Ms             99th percentile latency
     * @param answered          answers in the window
     */
    public record Result(int concurrency, double requestsPerSecond, double p50Ms, double p99Ms, int answered) {}

    private final JudgeTransport transport;
    private final LongSupplier wallMillis;

    public ClosedLoopCeiling(JudgeTransport transport, LongSupplier wallMillis) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
    }

    /**
     * Runs the loops for {@code warmup + window}; fails if {@code requests} run out first (the
     * caller sizes them from the judge's expected rate).
     */
    public Result measure(List<GenerationRequest> requests, int concurrency, Duration stagger, Duration warmup, Duration window)
            throws InterruptedException {
        TimedSamples latencies = new TimedSamples();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch loopsDone = new CountDownLatch(concurrency);
        long start = wallMillis.getAsLong();
        long gapNanos = stagger.toNanos() / concurrency;
        for (int i = 0; i < concurrency; i++) {
            if (i > 0 && gapNanos > 0) Thread.sleep(gapNanos / 1_000_000, (int) (gapNanos % 1_000_000));
            sendNext(requests, next, running, latencies, failure, loopsDone);
        }
        long windowStart = start + warmup.toMillis();
        long windowEnd = windowStart + window.toMillis();
        Thread.sleep(Math.max(0, windowEnd - wallMillis.getAsLong()));
        running.set(false);
        // Let outstanding calls finish so the next measurement starts from an idle judge.
        if (!loopsDone.await(5, TimeUnit.MINUTES)) throw new IllegalStateException("ceiling loops did not stop");
        if (failure.get() != null) throw new IllegalStateException("a ceiling request failed", failure.get());
        if (next.get() > requests.size()) throw new IllegalStateException("ran out of ceiling requests: prepare more");
        double[] window_ = latencies.sortedValues(windowStart, windowEnd);
        return new Result(concurrency, window_.length / (window.toMillis() / 1000.0),
                TimedSamples.percentile(window_, 0.50), TimedSamples.percentile(window_, 0.99), window_.length);
    }

    private void sendNext(List<GenerationRequest> requests, AtomicInteger next, AtomicBoolean running, TimedSamples latencies,
                          AtomicReference<Throwable> failure, CountDownLatch loopsDone) {
        int i = next.getAndIncrement();
        if (!running.get() || i >= requests.size() || failure.get() != null) {
            loopsDone.countDown();
            return;
        }
        long sentAt = wallMillis.getAsLong();
        transport.generate(requests.get(i)).whenComplete((answer, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else {
                long now = wallMillis.getAsLong();
                latencies.add(now, now - sentAt);
            }
            sendNext(requests, next, running, latencies, failure, loopsDone);
        });
    }
}
