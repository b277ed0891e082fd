package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.config.HttpSettings;
import dev.arbiter.app.http.OperatorHttpServer;
import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.ServiceRun;
import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows the judge on real parts (issue 10, item 4): the operator endpoint answers
 * 200 on /health/ready while Streams runs and the judge model is ready, 503 naming the judge
 * once the judge server is stopped (liveness stays 200: a restart cannot fix the judge), 503
 * while it is back but still loading its model, and 200 again by itself once the model is ready.
 */
@ExtendWith(SharedInfrastructure.class)
class ReadinessIntegrationTest {

    private static final String MODEL = "auto-j-13b-gptq";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readinessGoesDownWhileTheJudgeIsAwayOrLoadingAndUpAgainByItself(SharedInfrastructure.Parts infra,
                                                                         @TempDir Path state) throws Exception {
        try (JudgeDevServer first = new JudgeDevServer(JudgeDevServerConfig.instant()).start();
             JudgeDevServer second = new JudgeDevServer(JudgeDevServerConfig.instant().withPort(first.port()))) {
            TestDeployment d = TestDeployment.create("readiness", infra, first.target(), state,
                    Map.of("arbiter.judge.readiness-interval-ms", "100"));
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), meters);
                 OperatorHttpServer endpoint = ServiceRun.httpServer(new HttpSettings(true, "127.0.0.1", 0), meters, service)) {
                int port = endpoint.port();
                await().atMost(Duration.ofMinutes(1)).until(() -> get(port, "/health/ready").statusCode() == 200);
                assertThat(get(port, "/health/ready").body()).contains("\"judge\"").contains("ready");

                first.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health/ready").statusCode() == 503);
                HttpResponse<String> away = get(port, "/health/ready");
                assertThat(away.body()).contains("failing: judge").contains("judge unreachable");
                assertThat(get(port, "/health/live").statusCode()).as("a judge outage is not a reason to restart").isEqualTo(200);

                second.setModelReady(MODEL, false);
                second.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health/ready").body().contains("not ready"));
                assertThat(get(port, "/health/ready").statusCode()).isEqualTo(503);

                second.setModelReady(MODEL, true);
                await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health/ready").statusCode() == 200);
            } finally {
                meters.close();
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
