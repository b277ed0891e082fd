package dev.arbiter.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.schema.RewardStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    @Test
    void rewardLatencyIsScrapedAsAHistogramWhoseBucketsCanBeSummedAcrossInstances() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics metrics = new PipelineMetrics(registry);
        metrics.emitted(RewardStatus.OK, Duration.ofMillis(40));
        metrics.emitted(RewardStatus.OK, Duration.ofSeconds(3));

        String scrape = registry.scrape();
        assertThat(scrape).contains("# TYPE arbiter_reward_latency_seconds histogram")
                .containsPattern("arbiter_reward_latency_seconds_bucket\\{le=\"\\+Inf\"} 2")
                .containsPattern("arbiter_reward_latency_seconds_count 2")
                .doesNotContain("arbiter_reward_latency_seconds{quantile=");
        registry.close();
    }
}
