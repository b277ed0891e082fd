package dev.arbiter.app.config;

import java.util.Objects;

/**
 * The operator HTTP endpoint ({@code /metrics}, {@code /health/live}, {@code /health/ready}).
 *
 * @param enabled     whether to serve it at all
 * @param bindAddress interface to listen on; 0.0.0.0 so Kubernetes probes and Prometheus reach it
 * @param port        TCP port; 0 picks any free port (tests, several instances on one host)
 */
public record HttpSettings(boolean enabled, String bindAddress, int port) {
    public HttpSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port out of range: " + port);
    }
}
