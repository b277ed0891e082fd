package dev.arbiter.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arbiter.app.config.HttpSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's window into a running Arbiter: {@code GET /metrics} in the Prometheus text
 * format (OpenMetrics when the scraper asks for it; {@code ?name[]=…} narrows it to the named
 * series), and {@code GET /health/live} /
 * {@code GET /health/ready} answering 200 or 503 with a small JSON body that names the failing
 * checks — the shapes Prometheus and Kubernetes probes expect. Built on the JDK's HTTP server so
 * the service carries no web framework; two daemon threads serve requests, enough for a scraper
 * and two probes.
 *
 * <p>{@link HttpSettings#enabled()} is the caller's decision: this class serves whenever started.
 */
public final class OperatorHttpServer implements AutoCloseable {

    /** Suffixes Prometheus adds to a family's name to name its series. */
    private static final List<String> SERIES_SUFFIXES = List.of("_total", "_count", "_sum", "_bucket", "_created");
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(OperatorHttpServer.class);

    private final HttpSettings settings;
    private final PrometheusMeterRegistry registry;
    private final HealthCheck readiness;
    private final HealthCheck liveness;
    private HttpServer server;
    private ExecutorService executor;

    public OperatorHttpServer(HttpSettings settings, PrometheusMeterRegistry registry,
                              HealthCheck readiness, HealthCheck liveness) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.liveness = Objects.requireNonNull(liveness, "liveness");
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException if the address cannot be bound (e.g. the port is taken)
     */
    public synchronized OperatorHttpServer start() {
        if (server != null) throw new IllegalStateException("already started");
        InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), settings.port());
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the operator endpoint to " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "arbiter-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        log.info("operator endpoint listening on http://{}:{}/ (metrics, health/live, health/ready)",
                settings.bindAddress(), port());
        return this;
    }

    /** The bound port (the real one when the settings asked for 0). */
    public synchronized int port() {
        if (server == null) throw new IllegalStateException("not started");
        return server.getAddress().getPort();
    }

    /** Stops serving at once; in-flight exchanges are abandoned (probes retry). */
    public synchronized void stop() {
        if (server == null) return;
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (path) {
                case "/metrics" -> metrics(exchange);
                case "/health/live" -> health(exchange, liveness);
                case "/health/ready" -> health(exchange, readiness);
                default -> send(exchange, 404, "text/plain; charset=utf-8",
                        "not found; try /metrics, /health/live or /health/ready\n");
            }
        } catch (RuntimeException e) {
            log.warn("operator endpoint failed on {}", exchange.getRequestURI(), e);
            throw e;
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        Set<String> names = requestedNames(exchange.getRequestURI().getRawQuery());
        send(exchange, 200, contentType, names.isEmpty() ? registry.scrape(contentType) : registry.scrape(contentType, names));
    }

    /**
     * The {@code name[]} parameters of a scrape, the filter Prometheus' own exporters accept: a
     * supervisor that watches one gauge through a rebalance asks for it alone instead of the few
     * hundred series Kafka Streams' client metrics add to every scrape. A name may be a family's
     * ({@code arbiter_rewards}) or one of its series' ({@code arbiter_rewards_total}).
     */
    static Set<String> requestedNames(String rawQuery) {
        Set<String> names = new LinkedHashSet<>();
        if (rawQuery == null) return names;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            if (!key.equals("name[]")) continue;
            String name = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            names.add(name);
            // The registry filters by family name; a scraper may name the series it sees instead.
            for (String suffix : SERIES_SUFFIXES) {
                if (name.endsWith(suffix)) names.add(name.substring(0, name.length() - suffix.length()));
            }
        }
        return names;
    }

    private void health(HttpExchange exchange, HealthCheck check) throws IOException {
        HealthStatus status = HealthChecks.safely(check);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status.up() ? 200 : 503, JSON, HealthJson.render(status) + "\n");
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
