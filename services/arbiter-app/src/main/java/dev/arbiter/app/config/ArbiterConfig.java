package dev.arbiter.app.config;

import dev.arbiter.streams.bestofn.GroupSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration of one Arbiter process, read once at start-up by {@link ConfigLoader}
 * and immutable afterwards: every component receives the part it needs through its constructor,
 * so no code reads properties or environment variables on its own.
 *
 * @param mode      EMBEDDED (everything in-process) or EXTERNAL (real Kafka, registry, Triton)
 * @param kafka     cluster, Streams identity, topics and pass-through Kafka properties
 * @param registry  Confluent-compatible schema registry
 * @param judge     Triton target, judge profile, deadlines, concurrency and retries
 * @param pipeline  batching and back-pressure of the in-flight stage
 * @param health    consistency probes and the judge-metrics windows
 * @param bestOfN   how best-of-N groups close and are selected within
 * @param http      operator endpoint
 * @param devServer embedded dev judge (EMBEDDED mode)
 * @param demo      synthetic policy load
 * @param effective every key with its printable value (secrets masked), in the key table's order
 */
public record ArbiterConfig(
        Mode mode,
        KafkaSettings kafka,
        RegistrySettings registry,
        JudgeSettings judge,
        PipelineSettings pipeline,
        JudgeHealthSettings health,
        GroupSettings bestOfN,
        HttpSettings http,
        DevServerSettings devServer,
        DemoSettings demo,
        Map<String, String> effective) {

    public ArbiterConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(bestOfN, "bestOfN");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(devServer, "devServer");
        Objects.requireNonNull(demo, "demo");
        effective = Collections.unmodifiableMap(new LinkedHashMap<>(effective));
    }

    /**
     * The effective configuration as {@code key = value} lines under a heading, for the start-up
     * log. Secrets and credentials are masked; unset optional values read {@code (unset)}.
     */
    public String describe() {
        int width = effective.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder("Arbiter configuration (").append(mode.name().toLowerCase()).append(" mode):");
        effective.forEach((key, value) -> out.append("\n  ").append(key)
                .append(" ".repeat(width - key.length())).append(" = ").append(value));
        return out.toString();
    }
}
