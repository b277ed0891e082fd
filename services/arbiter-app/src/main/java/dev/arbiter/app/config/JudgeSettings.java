package dev.arbiter.app.config;

import dev.arbiter.schema.JudgeProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How Arbiter calls its judge: where Triton is, which judge profile (prompt template + parser)
 * to use, and how hard to push and retry.
 *
 * @param target          Triton gRPC address {@code host:port} (required in EXTERNAL mode)
 * @param tls             transport security towards Triton
 * @param profile         judge profile name, e.g. {@code auto-j-13b-gptq}
 * @param model           Triton model name overriding the profile's default, if set
 * @param defaultProtocol protocol used for candidates that ask for DEFAULT (never DEFAULT itself)
 * @param deadline        deadline of one judge call
 * @param maxInFlight     judge calls outstanding at once in this instance
 * @param maxAttempts     attempts for input-specific failures before a JUDGE_FAILED reward
 * @param retryBackoff    first retry backoff
 * @param retryBackoffMax backoff cap
 * @param keepalive       gRPC keepalive interval on the Triton channel
 * @param readinessInterval how often readiness asks Triton whether the judge model is ready
 * @param circuitFailureThreshold consecutive judge-away failures that open the circuit breaker
 * @param circuitProbeInterval    how often readiness is asked while the breaker is open
 */
public record JudgeSettings(
        Optional<String> target,
        Tls tls,
        String profile,
        Optional<String> model,
        JudgeProtocol defaultProtocol,
        Duration deadline,
        int maxInFlight,
        int maxAttempts,
        Duration retryBackoff,
        Duration retryBackoffMax,
        Duration keepalive,
        Duration readinessInterval,
        int circuitFailureThreshold,
        Duration circuitProbeInterval) {

    public JudgeSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(readinessInterval, "readinessInterval");
        Objects.requireNonNull(circuitProbeInterval, "circuitProbeInterval");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(defaultProtocol, "defaultProtocol");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        Objects.requireNonNull(keepalive, "keepalive");
    }

    /**
     * TLS towards Triton.
     *
     * @param enabled       use TLS
     * @param trustCertPath PEM file of the CA (or self-signed certificate) to trust; empty uses the
     *                      JVM's default trust store
     */
    /**
     * TLS towards Triton.
     *
     * @param enabled        TLS on the gRPC channel
     * @param trustCertPath  PEM certificate(s) to trust; empty means the JVM's trust store
     * @param clientCertPath PEM client certificate chain for mutual TLS (with {@code clientKeyPath})
     * @param clientKeyPath  PEM private key of the client certificate
     */
    public record Tls(boolean enabled, Optional<Path> trustCertPath, Optional<Path> clientCertPath,
                      Optional<Path> clientKeyPath) {
        public Tls {
            Objects.requireNonNull(trustCertPath, "trustCertPath");
            Objects.requireNonNull(clientCertPath, "clientCertPath");
            Objects.requireNonNull(clientKeyPath, "clientKeyPath");
        }

        public Tls(boolean enabled, Optional<Path> trustCertPath) {
            this(enabled, trustCertPath, Optional.empty(), Optional.empty());
        }
    }
}
