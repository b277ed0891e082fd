package dev.arbiter.app.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer of a {@link HealthCheck}: up or down, a short human-readable detail, and — for a
 * check composed of named parts — the status of each part, so a failing probe says which part
 * failed.
 *
 * @param up     whether the check passes
 * @param detail why, in a few words (e.g. "streams RUNNING", "judge unreachable: UNAVAILABLE")
 * @param parts  statuses of named sub-checks, in registration order; empty for a leaf check
 */
public record HealthStatus(boolean up, String detail, Map<String, HealthStatus> parts) {

    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(parts, "parts")));
    }

    public static HealthStatus up(String detail) {
        return new HealthStatus(true, detail, Map.of());
    }

    public static HealthStatus down(String detail) {
        return new HealthStatus(false, detail, Map.of());
    }
}
