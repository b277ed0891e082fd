package dev.arbiter.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.app.config.HttpSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean streamsRunning = new AtomicBoolean(true);
    private final AtomicBoolean judgeReachable = new AtomicBoolean(true);
    private OperatorHttpServer server;

    @BeforeEach
    void start() {
        Map<String, HealthCheck> parts = new LinkedHashMap<>();
        parts.put("kafka-streams", () -> streamsRunning.get()
                ? HealthStatus.up("RUNNING") : HealthStatus.down("REBALANCING"));
        parts.put("judge", () -> judgeReachable.get()
                ? HealthStatus.up("ready") : HealthStatus.down("UNAVAILABLE: connection refused"));
        server = new OperatorHttpServer(new HttpSettings(true, "127.0.0.1", 0), registry,
                HealthCheck.allOf(parts), HealthCheck.alwaysUp("process answering")).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() throws Exception {
        Counter.builder("arbiter.test.rewards").description("rewards written").register(registry).increment(3);

        HttpResponse<String> response = get("/metrics", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("# TYPE arbiter_test_rewards_total counter")
                .contains("arbiter_test_rewards_total 3.0");
    }

    @Test
    void metricsAreServedAsOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        Counter.builder("arbiter.test.rewards").register(registry).increment();

        HttpResponse<String> response = get("/metrics",
                Map.of("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5"));

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/openmetrics-text"));
        assertThat(response.body()).contains("arbiter_test_rewards_total 1.0").endsWith("# EOF\n");
    }

    @Test
    void aScrapeNamingSeriesReturnsOnlyThose() throws Exception {
        Counter.builder("arbiter.test.rewards").register(registry).increment(2);
        Counter.builder("arbiter.test.dead.letters").register(registry).increment();
        io.micrometer.core.instrument.Gauge.builder("arbiter.test.state", () -> 2).register(registry);

        String body = get("/metrics?name%5B%5D=arbiter_test_state&name%5B%5D=arbiter_test_rewards_total", Map.of()).body();

        assertThat(body).contains("arbiter_test_state 2.0").contains("arbiter_test_rewards_total 2.0")
                .doesNotContain("dead_letters");
        assertThat(get("/metrics", Map.of()).body()).contains("arbiter_test_dead_letters_total 1.0");
    }

    @Test
    void readinessIs200WhenAllChecksPassAnd503NamingTheFailingOnes() throws Exception {
        HttpResponse<String> ready = get("/health/ready", Map.of());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(ready.body()).startsWith("{\"status\":\"UP\",\"detail\":\"all checks pass\"");

        judgeReachable.set(false);
        HttpResponse<String> notReady = get("/health/ready", Map.of());

        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body().trim()).isEqualTo("{\"status\":\"DOWN\",\"detail\":\"failing: judge\",\"checks\":{"
                + "\"kafka-streams\":{\"status\":\"UP\",\"detail\":\"RUNNING\"},"
                + "\"judge\":{\"status\":\"DOWN\",\"detail\":\"UNAVAILABLE: connection refused\"}}}");
    }

    @Test
    void livenessDoesNotDependOnReadiness() throws Exception {
        streamsRunning.set(false);
        judgeReachable.set(false);

        HttpResponse<String> live = get("/health/live", Map.of());

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body().trim()).isEqualTo("{\"status\":\"UP\",\"detail\":\"process answering\"}");
        assertThat(get("/health/ready", Map.of()).statusCode()).isEqualTo(503);
    }

    @Test
    void aCheckThatThrowsIsReportedDownRatherThanAsServerError() throws Exception {
        server.stop();
        server = new OperatorHttpServer(new HttpSettings(true, "127.0.0.1", 0), registry,
                HealthCheck.allOf(Map.of("state-store", () -> {
                    throw new IllegalStateException("store closed");
                })),
                HealthCheck.alwaysUp("ok")).start();

        HttpResponse<String> response = get("/health/ready", Map.of());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"state-store\":{\"status\":\"DOWN\",\"detail\":\"check failed: java.lang.IllegalStateException: store closed\"}");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/metricsx", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/", Map.of()).statusCode()).isEqualTo(404);

        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void portZeroBindsAFreePortAndStopReleasesIt() throws Exception {
        int port = server.port();
        assertThat(port).isPositive();
        assertThat(get("/health/live", Map.of()).statusCode()).isEqualTo(200);

        server.stop();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTakenPortFailsStartWithTheAddressInTheMessage() {
        HttpSettings taken = new HttpSettings(true, "127.0.0.1", server.port());
        OperatorHttpServer second = new OperatorHttpServer(taken, registry, HealthCheck.alwaysUp("x"), HealthCheck.alwaysUp("x"));

        assertThatThrownBy(second::start).hasMessageContaining("cannot bind the operator endpoint to /127.0.0.1:" + server.port());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
