package dev.arbiter.triton.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to reach one Triton endpoint and to bound how the client uses it.
 *
 * @param target                 {@code host:port} of Triton's gRPC endpoint (8001 by default on Triton)
 * @param tls                    TLS settings; empty for plaintext
 * @param keepAliveTime          interval of HTTP/2 pings on an otherwise quiet connection, so a dead
 *                               peer behind a load balancer is noticed; gRPC clamps it to at least 10 s
 * @param keepAliveTimeout       how long to wait for a ping ack before declaring the connection dead
 * @param keepAliveWithoutCalls  ping even when no call is active (the shared stream counts as a call)
 * @param defaultDeadline        deadline of unary calls made without an explicit one
 * @param maxInboundMessageBytes largest response accepted (long generations can exceed gRPC's 4 MiB default)
 * @param maxRequestsInFlight    inference requests (unary plus streamed) allowed outstanding at once;
 *                               beyond it new requests fail fast with OVERLOADED
 * @param reconnectBackoffMin    wait before reopening the shared stream after its first break
 * @param reconnectBackoffMax    cap of the doubling wait after repeated breaks
 */
public record TritonClientConfig(
        String target,
        Optional<TlsSettings> tls,
        Duration keepAliveTime,
        Duration keepAliveTimeout,
        boolean keepAliveWithoutCalls,
        Duration defaultDeadline,
        int maxInboundMessageBytes,
        int maxRequestsInFlight,
        Duration reconnectBackoffMin,
        Duration reconnectBackoffMax) {

    public TritonClientConfig {
        Objects.requireNonNull(target, "target");
        if (target.isBlank()) throw new IllegalArgumentException("target must be host:port");
        Objects.requireNonNull(tls, "tls");
        requirePositive(keepAliveTime, "keepAliveTime");
        requirePositive(keepAliveTimeout, "keepAliveTimeout");
        requirePositive(defaultDeadline, "defaultDeadline");
        requirePositive(reconnectBackoffMin, "reconnectBackoffMin");
        requirePositive(reconnectBackoffMax, "reconnectBackoffMax");
        if (reconnectBackoffMax.compareTo(reconnectBackoffMin) < 0) {
            throw new IllegalArgumentException("reconnectBackoffMax must be >= reconnectBackoffMin");
        }
        if (maxInboundMessageBytes <= 0) throw new IllegalArgumentException("maxInboundMessageBytes must be > 0");
        if (maxRequestsInFlight <= 0) throw new IllegalArgumentException("maxRequestsInFlight must be > 0");
    }

    /** Plaintext defaults suited to an in-cluster Triton: 30 s keep-alive, 60 s deadline, 256 in flight. */
    public static TritonClientConfig plaintext(String target) {
        return new TritonClientConfig(target, Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(10),
                false, Duration.ofSeconds(60), 16 * 1024 * 1024, 256, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    public TritonClientConfig withTls(TlsSettings settings) {
        return new TritonClientConfig(target, Optional.of(settings), keepAliveTime, keepAliveTimeout,
                keepAliveWithoutCalls, defaultDeadline, maxInboundMessageBytes, maxRequestsInFlight,
                reconnectBackoffMin, reconnectBackoffMax);
    }

    public TritonClientConfig withKeepAlive(Duration time, Duration timeout, boolean withoutCalls) {
        return new TritonClientConfig(target, tls, time, timeout, withoutCalls, defaultDeadline,
                maxInboundMessageBytes, maxRequestsInFlight, reconnectBackoffMin, reconnectBackoffMax);
    }

    public TritonClientConfig withDefaultDeadline(Duration deadline) {
        return new TritonClientConfig(target, tls, keepAliveTime, keepAliveTimeout, keepAliveWithoutCalls,
                deadline, maxInboundMessageBytes, maxRequestsInFlight, reconnectBackoffMin, reconnectBackoffMax);
    }

    public TritonClientConfig withMaxInboundMessageBytes(int bytes) {
        return new TritonClientConfig(target, tls, keepAliveTime, keepAliveTimeout, keepAliveWithoutCalls,
                defaultDeadline, bytes, maxRequestsInFlight, reconnectBackoffMin, reconnectBackoffMax);
    }

    public TritonClientConfig withMaxRequestsInFlight(int max) {
        return new TritonClientConfig(target, tls, keepAliveTime, keepAliveTimeout, keepAliveWithoutCalls,
                defaultDeadline, maxInboundMessageBytes, max, reconnectBackoffMin, reconnectBackoffMax);
    }

    public TritonClientConfig withReconnectBackoff(Duration min, Duration max) {
        return new TritonClientConfig(target, tls, keepAliveTime, keepAliveTimeout, keepAliveWithoutCalls,
                defaultDeadline, maxInboundMessageBytes, maxRequestsInFlight, min, max);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
