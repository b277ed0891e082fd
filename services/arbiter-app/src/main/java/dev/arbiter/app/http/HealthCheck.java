package dev.arbiter.app.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One question the operator endpoint asks the process: "are you alive?" or "can you do useful
 * work?". Implementations must answer quickly and must not block on the network, because
 * Kubernetes probes call them every few seconds with a short timeout; read a state someone else
 * keeps current instead.
 */
@FunctionalInterface
public interface HealthCheck {

    HealthStatus check();

    /** A check that always passes (e.g. liveness of a process that is answering HTTP at all). */
    static HealthCheck alwaysUp(String detail) {
        return () -> HealthStatus.up(detail);
    }

    /**
     * A check that passes only when every named part passes. A part that throws counts as down
     * with the exception as its detail, so one broken check cannot hide the others.
     */
    static HealthCheck allOf(Map<String, HealthCheck> namedChecks) {
        Map<String, HealthCheck> checks = new LinkedHashMap<>(namedChecks);
        return () -> {
            Map<String, HealthStatus> parts = new LinkedHashMap<>();
            checks.forEach((name, check) -> parts.put(name, HealthChecks.safely(check)));
            List<String> failing = parts.entrySet().stream().filter(e -> !e.getValue().up()).map(Map.Entry::getKey).toList();
            String detail = failing.isEmpty() ? "all checks pass" : "failing: " + String.join(", ", failing);
            return new HealthStatus(failing.isEmpty(), detail, parts);
        };
    }
}
