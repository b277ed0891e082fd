package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThroughputWindowTest {

    private static ProgressSnapshot at(long seconds, long rewards) {
        return new ProgressSnapshot(Instant.EPOCH.plusSeconds(seconds), 0, rewards, 0, 0, 0);
    }

    @Test
    void rateIsZeroUntilTwoSnapshots() {
        ThroughputWindow window = new ThroughputWindow(Duration.ofSeconds(5));
        window.add(at(0, 100));

        assertThat(window.rewardsPerSecond()).isZero();
    }

    @Test
    void rateCoversOnlyTheRecentWindowAndPeakIsRemembered() {
        ThroughputWindow window = new ThroughputWindow(Duration.ofSeconds(5));
        for (int s = 0; s <= 10; s++) window.add(at(s, s * 50L)); // 50/s for ten seconds
        for (int s = 11; s <= 20; s++) window.add(at(s, 500 + (s - 10) * 10L)); // then 10/s

        assertThat(window.rewardsPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(window.peak()).isCloseTo(50.0, within(1e-9));
    }
}
