package dev.arbiter.app.http;

/**
 * Runs a {@link HealthCheck} so that a check that throws or returns null becomes a DOWN status
 * instead of an HTTP 500: a probe must always get a definite answer.
 */
final class HealthChecks {

    private HealthChecks() {}

    static HealthStatus safely(HealthCheck check) {
        try {
            HealthStatus status = check.check();
            return status != null ? status : HealthStatus.down("check returned no status");
        } catch (RuntimeException e) {
            return HealthStatus.down("check failed: " + e);
        }
    }
}
