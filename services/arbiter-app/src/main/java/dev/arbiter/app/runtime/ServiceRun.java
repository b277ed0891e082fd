package dev.arbiter.app.runtime;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.HttpSettings;
import dev.arbiter.app.http.HealthCheck;
import dev.arbiter.app.http.HealthStatus;
import dev.arbiter.app.http.OperatorHttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code arbiter run}: the long-running reward service. Starts its {@link Infrastructure} first
 * (nothing to start in production; the embedded stack in the development kit), then the service and the operator endpoint, prints
 * {@code ARBITER HTTP port=<port>} as soon as that endpoint listens and one {@code ARBITER READY}
 * line once Kafka Streams is running, and shuts down cleanly on SIGTERM. A crash (SIGKILL)
 * needs no clean-up: the next start resumes from Kafka's committed transactions.
 */
public final class ServiceRun implements Callable<Integer> {

    private final ArbiterConfig config;
    private final PrintStream out;
    private final Infrastructure.Factory infrastructure;

    public ServiceRun(ArbiterConfig config, PrintStream out, Infrastructure.Factory infrastructure) {
        this.config = config;
        this.out = out;
        this.infrastructure = infrastructure;
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "arbiter-shutdown"));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Infrastructure infra = infrastructure.start(config);
        try (ArbiterService service = ArbiterService.start(config, infra.endpoints(), meters);
             OperatorHttpServer http = httpServer(config.http(), meters, service)) {
            // Announced before RUNNING: a rebalance or a state restore is exactly when an operator
            // (or a test pinning a kill to the handover) wants /metrics and /health/ready.
            if (http != null) {
                out.println("ARBITER HTTP port=" + http.port());
                out.flush();
            }
            new StateAwaiter(service).awaitRunning();
            out.println("ARBITER READY" + (http == null ? "" : " http=" + http.port()));
            out.flush();
            stop.await();
            out.println("arbiter: stopping");
        } finally {
            infra.close();
            meters.close();
            stopped.countDown();
        }
        return 0;
    }

    /**
     * For bounded local runs (demo, bench): a configured port that is already taken is not worth
     * failing the run for, so fall back to a free port and say so. {@code run} stays strict.
     */
    public static OperatorHttpServer httpServerOnAnyFreePort(HttpSettings http, PrometheusMeterRegistry meters,
                                                      ArbiterService service, PrintStream out) {
        try {
            return httpServer(http, meters, service);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof BindException) || http.port() == 0) throw e;
            out.printf("operator endpoint: port %d is in use, serving on a free port instead%n", http.port());
            return httpServer(new HttpSettings(true, http.bindAddress(), 0), meters, service);
        }
    }

    public static OperatorHttpServer httpServer(HttpSettings http, PrometheusMeterRegistry meters, ArbiterService service) {
        if (!http.enabled()) return null;
        // Ready means able to do useful work: Streams running and the judge model ready. A judge
        // outage takes readiness down (and back up by itself), never liveness: a restart cannot fix
        // the judge, and the pipeline already waits the outage out.
        HealthCheck streams = () -> service.isRunning()
                ? HealthStatus.up("kafka streams " + service.state())
                : HealthStatus.down("kafka streams " + service.state());
        Map<String, HealthCheck> readiness = new LinkedHashMap<>();
        readiness.put("streams", streams);
        readiness.put("judge", service.judgeReadiness());
        HealthCheck ready = HealthCheck.allOf(readiness);
        HealthCheck live = () -> service.state().isRunningOrRebalancing() || service.state().name().equals("CREATED")
                ? HealthStatus.up("kafka streams " + service.state())
                : HealthStatus.down("kafka streams " + service.state());
        return new OperatorHttpServer(http, meters, ready, live).start();
    }
}
