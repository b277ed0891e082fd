package dev.arbiter.app.runtime;

import dev.arbiter.app.http.HealthCheck;
import dev.arbiter.app.http.HealthStatus;
import dev.arbiter.judge.transport.JudgeFailures;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Whether the judge can take work: asks Triton at a fixed interval whether the judge model is
 * ready and keeps the last answer, so the readiness probe reads a state instead of calling the
 * network. An unreachable server, a model still loading and a probe that does not answer within
 * its timeout all read as down, with the reason; the next successful answer reads as up again,
 * with nothing to reset. At most one question is outstanding at a time.
 */
final class JudgeReadiness implements HealthCheck {

    private final Supplier<CompletableFuture<Boolean>> probe;
    private final String model;
    private final Duration timeout;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile HealthStatus last;

    /**
     * @param probe   one "is the model ready?" question to the judge
     * @param model   the model's name, for the status detail
     * @param timeout how long one question may take before the judge counts as unresponsive
     */
    JudgeReadiness(Supplier<CompletableFuture<Boolean>> probe, String model, Duration timeout) {
        this.probe = Objects.requireNonNull(probe);
        this.model = Objects.requireNonNull(model);
        this.timeout = Objects.requireNonNull(timeout);
        this.last = HealthStatus.down("judge model " + model + " not checked yet");
    }

    /** Asks now and then every {@code interval} on {@code scheduler} (owned by the caller). */
    JudgeReadiness start(ScheduledExecutorService scheduler, Duration interval) {
        scheduler.scheduleWithFixedDelay(this::ask, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One question, unless the previous one is still outstanding. */
    void ask() {
        if (!asking.compareAndSet(false, true)) return;
        CompletableFuture<Boolean> answer;
        try {
            answer = probe.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ready, error) -> {
            last = error != null
                    ? HealthStatus.down("judge unreachable: " + JudgeFailures.classify(error).getMessage())
                    : Boolean.TRUE.equals(ready)
                            ? HealthStatus.up("judge model " + model + " ready")
                            : HealthStatus.down("judge model " + model + " not ready");
            asking.set(false);
        });
    }

    @Override
    public HealthStatus check() {
        return last;
    }
}
