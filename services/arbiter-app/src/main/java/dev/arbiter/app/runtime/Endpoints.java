package dev.arbiter.app.runtime;

import dev.arbiter.app.config.ArbiterConfig;
import java.util.Objects;

/**
 * Where the three parts Arbiter depends on live, after configuration (external mode) or the
 * embedded stack (embedded mode) has decided.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl      base URL of a Confluent-compatible schema registry REST API
 * @param judgeTarget      Triton gRPC target, {@code host:port}
 */
public record Endpoints(String bootstrapServers, String registryUrl, String judgeTarget) {
    public Endpoints {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(judgeTarget, "judgeTarget");
    }

    /** External mode: all three come from configuration (the loader has checked they are set). */
    public static Endpoints fromConfig(ArbiterConfig config) {
        return new Endpoints(
                config.kafka().bootstrapServers().orElseThrow(() -> new IllegalStateException("arbiter.kafka.bootstrap-servers is not set")),
                config.registry().url().orElseThrow(() -> new IllegalStateException("arbiter.registry.url is not set")),
                config.judge().target().orElseThrow(() -> new IllegalStateException("arbiter.judge.target is not set")));
    }
}
