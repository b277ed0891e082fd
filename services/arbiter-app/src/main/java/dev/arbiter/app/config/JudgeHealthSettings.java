package dev.arbiter.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the judge is watched while it works.
 *
 * @param probeRate           share of best-of-N groups that also get a consistency probe (0 = off)
 * @param probePartnerTimeout how long a probe's first candidate waits for the second
 * @param metricsWindow       length of the judge-metrics topic's tumbling windows
 */
public record JudgeHealthSettings(double probeRate, Duration probePartnerTimeout, Duration metricsWindow) {
    public JudgeHealthSettings {
        if (!(probeRate >= 0 && probeRate <= 1)) throw new IllegalArgumentException("probeRate must be in [0, 1]");
        Objects.requireNonNull(probePartnerTimeout, "probePartnerTimeout");
        Objects.requireNonNull(metricsWindow, "metricsWindow");
    }
}
