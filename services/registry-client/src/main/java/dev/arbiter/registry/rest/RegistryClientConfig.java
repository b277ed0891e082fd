package dev.arbiter.registry.rest;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ConfluentRestRegistryClient} reaches the registry. {@code baseUrl} is the root of the
 * Confluent API: {@code http://host:8081} for Confluent, {@code http://host:8080/apis/ccompat/v7}
 * for Apicurio. Retries cover connection failures and 5xx answers only (every call the client
 * makes is idempotent, including register); {@code maxAttempts} counts the first try.
 */
public record RegistryClientConfig(
        URI baseUrl, Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration retryBackoff) {

    public RegistryClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** Defaults that suit a registry on the same network: 2 s connect, 10 s per call, 3 attempts. */
    public static RegistryClientConfig of(String baseUrl) {
        return new RegistryClientConfig(
                URI.create(baseUrl), Duration.ofSeconds(2), Duration.ofSeconds(10), 3, Duration.ofMillis(200));
    }

    public RegistryClientConfig withMaxAttempts(int attempts) {
        return new RegistryClientConfig(baseUrl, connectTimeout, requestTimeout, attempts, retryBackoff);
    }

    public RegistryClientConfig withRetryBackoff(Duration backoff) {
        return new RegistryClientConfig(baseUrl, connectTimeout, requestTimeout, maxAttempts, backoff);
    }

    public RegistryClientConfig withTimeouts(Duration connect, Duration request) {
        return new RegistryClientConfig(baseUrl, connect, request, maxAttempts, retryBackoff);
    }
}
