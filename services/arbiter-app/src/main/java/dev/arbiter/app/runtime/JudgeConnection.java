package dev.arbiter.app.runtime;

import dev.arbiter.app.config.JudgeSettings;
import dev.arbiter.judge.profile.JudgeProfile;
import java.util.Map;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.streams.engine.CircuitBreaker;
import dev.arbiter.streams.engine.JudgeDispatcher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import dev.arbiter.triton.client.TlsSettings;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.judge.TritonJudgeConfig;
import dev.arbiter.triton.judge.TritonJudgeTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's way to the judge: the Triton transport (plaintext, TLS or mutual TLS, as
 * configured; with the profile's scalar model, if it names one, batched on the client), the
 * scheduler that runs retries, and the dispatcher that bounds calls in flight and holds them
 * behind a circuit breaker while the judge is away.
 * Opening it checks that Triton serves the model: a model Triton does not know is a
 * configuration error and fails start-up, while one that is down or still loading is an outage
 * the pipeline waits out. From then on {@link #readiness} keeps asking whether the model is ready,
 * for the readiness probe. Closing stops the dispatcher, then the transport, then the scheduler.
 */
final class JudgeConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JudgeConnection.class);
    private static final Duration READY_WAIT = Duration.ofSeconds(15);
    /** One readiness question that takes longer than this counts the judge as unresponsive. */
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);

    final TritonJudgeTransport transport;
    final ScheduledExecutorService retryScheduler;
    final JudgeDispatcher dispatcher;
    final JudgeReadiness readiness;

    private JudgeConnection(TritonJudgeTransport transport, ScheduledExecutorService retryScheduler, JudgeDispatcher dispatcher,
                            JudgeReadiness readiness) {
        this.transport = transport;
        this.retryScheduler = retryScheduler;
        this.dispatcher = dispatcher;
        this.readiness = readiness;
    }

    static JudgeConnection open(JudgeSettings settings, String target, JudgeProfile profile, MeterRegistry meters) {
        String model = profile.model();
        TritonJudgeTransport transport = TritonJudgeTransport.connect(clientConfig(settings, target),
                TritonJudgeConfig.defaults(), meters,
                profile.scalar().map(scalar -> Map.of(model, scalar)).orElse(Map.of()));
        try {
            awaitModel(transport, model);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        ScheduledExecutorService retryScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbiter-judge-retry");
            t.setDaemon(true);
            return t;
        });
        JudgeReadiness readiness = new JudgeReadiness(() -> transport.modelReady(model), model, READINESS_TIMEOUT)
                .start(retryScheduler, settings.readinessInterval());
        CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(settings.circuitFailureThreshold(),
                settings.circuitProbeInterval()), System::nanoTime);
        registerMeters(breaker, meters);
        return new JudgeConnection(transport, retryScheduler, new JudgeDispatcher(transport, retryScheduler, settings.maxInFlight(),
                breaker, () -> transport.modelReady(model)), readiness);
    }

    /**
     * The breaker's state (0 closed, 1 half-open, 2 open), how often it opened, and how long the
     * judge was away the last time it came back.
     */
    private static void registerMeters(CircuitBreaker breaker, MeterRegistry meters) {
        Gauge.builder("arbiter.judge.circuit.state", breaker, b -> b.state().ordinal())
                .description("judge circuit breaker: 0 closed, 1 half-open (one trial call), 2 open (calls wait)")
                .register(meters);
        FunctionCounter.builder("arbiter.judge.circuit.openings", breaker, CircuitBreaker::openings)
                .description("times the judge circuit breaker opened").register(meters);
        Gauge.builder("arbiter.judge.circuit.last.recovery", breaker,
                        b -> b.lastRecovery().map(d -> d.toNanos() / 1e9).orElse(0.0))
                .baseUnit("seconds").description("how long the judge was away before the breaker last closed")
                .register(meters);
    }

    private static TritonClientConfig clientConfig(JudgeSettings settings, String target) {
        TritonClientConfig config = TritonClientConfig.plaintext(target)
                .withMaxRequestsInFlight(settings.maxInFlight())
                .withKeepAlive(settings.keepalive(), Duration.ofSeconds(10), true)
                .withDefaultDeadline(settings.deadline());
        JudgeSettings.Tls tls = settings.tls();
        if (!tls.enabled()) return config;
        TlsSettings trust = tls.trustCertPath().map(TlsSettings::trusting).orElseGet(TlsSettings::systemTrust);
        if (tls.clientCertPath().isPresent()) {
            trust = trust.withClientIdentity(tls.clientCertPath().get(), tls.clientKeyPath().orElseThrow());
        }
        return config.withTls(trust);
    }

    private static void awaitModel(TritonJudgeTransport transport, String model) {
        try {
            transport.awaitModelReady(model, READY_WAIT).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JudgeTransportException jte && jte.kind() == JudgeTransportException.Kind.MODEL_NOT_FOUND) {
                throw new IllegalStateException("the judge server does not serve model '" + model
                        + "' (arbiter.judge.profile / arbiter.judge.model)", jte);
            }
            log.warn("judge model {} is not ready yet ({}); starting anyway, judge calls will be retried",
                    model, cause == null ? e.toString() : cause.getMessage());
        }
    }

    @Override
    public void close() {
        dispatcher.close();
        transport.close();
        retryScheduler.shutdownNow();
    }
}
