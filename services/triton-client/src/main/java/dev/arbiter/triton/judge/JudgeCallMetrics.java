package dev.arbiter.triton.judge;

import java.util.Locale;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer instruments of judge calls: {@code arbiter.judge.requests} (counter, tags
 * {@code model} and {@code outcome} = success or the failure kind in lower case),
 * {@code arbiter.judge.latency} (timer of successful calls, tag {@code model}) and
 * {@code arbiter.judge.inflight} (gauge of outstanding calls). Variants are tags, not names, so
 * dashboards aggregate across models. Without a registry the meters go to an empty composite
 * registry, i.e. nowhere.
 */
public final class JudgeCallMetrics {

    static final String REQUESTS = "arbiter.judge.requests";
    static final String LATENCY = "arbiter.judge.latency";
    static final String INFLIGHT = "arbiter.judge.inflight";

    private final MeterRegistry registry;
    private final AtomicInteger inflight = new AtomicInteger();

    public JudgeCallMetrics(MeterRegistry registry) {
        this.registry = registry == null ? new CompositeMeterRegistry() : registry;
        Gauge.builder(INFLIGHT, inflight, AtomicInteger::get)
                .description("judge calls submitted and not yet completed")
                .strongReference(true)
                .register(this.registry);
    }

    public void started() {
        inflight.incrementAndGet();
    }

    public void succeeded(String model, Duration latency) {
        inflight.decrementAndGet();
        counter(model, "success").increment();
        // Histogram buckets so latency aggregates across instances (see PipelineMetrics).
        Timer.builder(LATENCY).tag("model", model)
                .description("time from submission to the judge's final response")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry).record(latency);
    }

    /** {@code outcome} is the failure kind's name; it is lower-cased for the tag. */
    public void failed(String model, String outcome) {
        inflight.decrementAndGet();
        counter(model, outcome.toLowerCase(Locale.ROOT)).increment();
    }

    public int inflight() {
        return inflight.get();
    }

    private Counter counter(String model, String outcome) {
        return Counter.builder(REQUESTS).tag("model", model).tag("outcome", outcome)
                .description("judge calls by outcome")
                .register(registry);
    }
}
