package dev.arbiter.devkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimedSamplesTest {

    @Test
    void aWindowHoldsTheSamplesFromItsStartUpToButNotIncludingItsEnd() {
        TimedSamples s = new TimedSamples();
        for (int i = 0; i < 3000; i++) s.add(i, 3000 - i);
        assertThat(s.count(1000, 2000)).isEqualTo(1000);
        double[] v = s.sortedValues(1000, 2000);
        assertThat(v[0]).isEqualTo(1001);
        assertThat(v[v.length - 1]).isEqualTo(2000);
        assertThat(s.sortedTimes(10, 13)).containsExactly(10, 11, 12);
        assertThat(s.firstAt()).isZero();
        assertThat(s.lastAt()).isEqualTo(2999);
    }

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) sorted[i] = i + 1;
        assertThat(TimedSamples.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(TimedSamples.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(TimedSamples.percentile(new double[0], 0.5)).isNaN();
    }
}
