package dev.arbiter.app.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * @param http      operator endpoint
 * @param devServer embedded dev judge (EMBEDDED mode)
 * @param demo      synthetic policy load
 */
public record ArbiterConfig(
        Mode mode,
        KafkaSettings kafka,
        RegistrySettings registry,
        JudgeSettings judge,
        PipelineSettings pipeline,
        HttpSettings http,
        DevServerSettings devServer,
        DemoSettings demo) {

    public ArbiterConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(devServer, "devServer");
        Objects.requireNonNull(demo, "demo");
    }

    /**
     * The effective configuration as {@code key = value} lines under a heading, for the start-up
     * log. Credentials are masked; unset optional values read {@code (unset)}.
     */
    public String describe() {
        Map<String, String> lines = effectiveValues();
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder("Arbiter configuration (").append(mode.name().toLowerCase()).append(" mode):");
        lines.forEach((key, value) -> out.append("\n  ").append(key)
                .append(" ".repeat(width - key.length())).append(" = ").append(value));
        return out.toString();
    }

    /** Every effective key with its printable (masked) value, in a stable order. */
    public Map<String, String> effectiveValues() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(ConfigKeys.MODE, mode.name().toLowerCase());
        v.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, unset(kafka.bootstrapServers()));
        v.put(ConfigKeys.KAFKA_APPLICATION_ID, kafka.applicationId());
        v.put(ConfigKeys.KAFKA_STATE_DIR, unset(kafka.stateDir()));
        v.put(ConfigKeys.KAFKA_NUM_STREAM_THREADS, Integer.toString(kafka.numStreamThreads()));
        v.put(ConfigKeys.KAFKA_COMMIT_INTERVAL_MS, ms(kafka.commitInterval()));
        v.put(ConfigKeys.KAFKA_REPLICATION_FACTOR, Integer.toString(kafka.replicationFactor()));
        v.put(ConfigKeys.KAFKA_TOPIC_PARTITIONS, Integer.toString(kafka.topicPartitions()));
        v.put(ConfigKeys.TOPIC_CANDIDATES, kafka.topics().candidates());
        v.put(ConfigKeys.TOPIC_REWARDS, kafka.topics().rewards());
        v.put(ConfigKeys.TOPIC_CRITIQUES, kafka.topics().critiques());
        v.put(ConfigKeys.TOPIC_DEAD_LETTER, kafka.topics().deadLetter());
        v.put(ConfigKeys.TOPIC_PAIRWISE_REQUESTS, kafka.topics().pairwiseRequests());
        v.put(ConfigKeys.TOPIC_PAIRWISE_RESULTS, kafka.topics().pairwiseResults());
        kafka.clientProperties().forEach((k, value) -> v.put(ConfigKeys.KAFKA_CLIENT_PREFIX + k, SecretMask.property(k, value)));
        kafka.streamsProperties().forEach((k, value) -> v.put(ConfigKeys.KAFKA_STREAMS_PREFIX + k, SecretMask.property(k, value)));
        v.put(ConfigKeys.REGISTRY_URL, registry.url().map(SecretMask::url).orElse(UNSET));
        v.put(ConfigKeys.REGISTRY_AUTO_REGISTER, Boolean.toString(registry.autoRegister()));
        v.put(ConfigKeys.REGISTRY_REQUEST_TIMEOUT_MS, ms(registry.requestTimeout()));
        v.put(ConfigKeys.JUDGE_TARGET, unset(judge.target()));
        v.put(ConfigKeys.JUDGE_TLS_ENABLED, Boolean.toString(judge.tls().enabled()));
        v.put(ConfigKeys.JUDGE_TLS_TRUST_CERT_PATH, unset(judge.tls().trustCertPath()));
        v.put(ConfigKeys.JUDGE_TLS_CLIENT_CERT_PATH, unset(judge.tls().clientCertPath()));
        v.put(ConfigKeys.JUDGE_TLS_CLIENT_KEY_PATH, unset(judge.tls().clientKeyPath()));
        v.put(ConfigKeys.JUDGE_PROFILE, judge.profile());
        v.put(ConfigKeys.JUDGE_MODEL, judge.model().orElse("(profile default)"));
        v.put(ConfigKeys.JUDGE_DEFAULT_PROTOCOL, judge.defaultProtocol().name().toLowerCase());
        v.put(ConfigKeys.JUDGE_DEADLINE_MS, ms(judge.deadline()));
        v.put(ConfigKeys.JUDGE_MAX_IN_FLIGHT, Integer.toString(judge.maxInFlight()));
        v.put(ConfigKeys.JUDGE_MAX_ATTEMPTS, Integer.toString(judge.maxAttempts()));
        v.put(ConfigKeys.JUDGE_RETRY_BACKOFF_MS, ms(judge.retryBackoff()));
        v.put(ConfigKeys.JUDGE_RETRY_BACKOFF_MAX_MS, ms(judge.retryBackoffMax()));
        v.put(ConfigKeys.JUDGE_KEEPALIVE_MS, ms(judge.keepalive()));
        v.put(ConfigKeys.PIPELINE_WINDOW_PER_TASK, Integer.toString(pipeline.windowPerTask()));
        v.put(ConfigKeys.PIPELINE_MAX_PENDING_PER_TASK, Integer.toString(pipeline.maxPendingPerTask()));
        v.put(ConfigKeys.PIPELINE_BATCH_LINGER_MS, ms(pipeline.batchLinger()));
        v.put(ConfigKeys.PIPELINE_BATCH_MAX_SIZE, Integer.toString(pipeline.batchMaxSize()));
        v.put(ConfigKeys.PIPELINE_DRAIN_INTERVAL_MS, ms(pipeline.drainInterval()));
        v.put(ConfigKeys.PIPELINE_DEDUPE_WINDOW_MS, ms(pipeline.dedupeWindow()));
        v.put(ConfigKeys.PIPELINE_MAX_PROMPT_CHARS, Integer.toString(pipeline.maxPromptChars()));
        v.put(ConfigKeys.PIPELINE_MAX_RESPONSE_CHARS, Integer.toString(pipeline.maxResponseChars()));
        v.put(ConfigKeys.PIPELINE_MAX_METADATA_CHARS, Integer.toString(pipeline.maxMetadataChars()));
        v.put(ConfigKeys.HTTP_ENABLED, Boolean.toString(http.enabled()));
        v.put(ConfigKeys.HTTP_BIND_ADDRESS, http.bindAddress());
        v.put(ConfigKeys.HTTP_PORT, Integer.toString(http.port()));
        if (mode == Mode.EMBEDDED) {
            v.put(ConfigKeys.DEVSERVER_PORT, Integer.toString(devServer.port()));
            v.put(ConfigKeys.DEVSERVER_TIME_SCALE, Double.toString(devServer.timeScale()));
            v.put(ConfigKeys.DEVSERVER_PREFILL_TOKENS_PER_SECOND, Double.toString(devServer.prefillTokensPerSecond()));
            v.put(ConfigKeys.DEVSERVER_DECODE_STEP_MS, ms(devServer.decodeStep()));
            v.put(ConfigKeys.DEVSERVER_MAX_CONCURRENT_SEQUENCES, Integer.toString(devServer.maxConcurrentSequences()));
            v.put(ConfigKeys.DEVSERVER_PREFIX_CACHE_TOKENS, Integer.toString(devServer.prefixCacheTokens()));
            v.put(ConfigKeys.DEVSERVER_POSITION_BIAS, Double.toString(devServer.positionBias()));
            v.put(ConfigKeys.DEVSERVER_SEED, Long.toString(devServer.seed()));
        }
        v.put(ConfigKeys.DEMO_ENABLED, Boolean.toString(demo.enabled()));
        if (demo.enabled()) {
            v.put(ConfigKeys.DEMO_PROMPTS_RESOURCE, demo.promptsResource());
            v.put(ConfigKeys.DEMO_CANDIDATES_PER_PROMPT, Integer.toString(demo.candidatesPerPrompt()));
            v.put(ConfigKeys.DEMO_TOTAL_CANDIDATES, demo.bounded() ? Long.toString(demo.totalCandidates()) : "0 (until stopped)");
            v.put(ConfigKeys.DEMO_RATE_PER_SECOND, Double.toString(demo.ratePerSecond()));
            v.put(ConfigKeys.DEMO_MALFORMED_EVERY, Integer.toString(demo.malformedEvery()));
            v.put(ConfigKeys.DEMO_PAIRS_EVERY, Integer.toString(demo.pairsEvery()));
            v.put(ConfigKeys.DEMO_SEED, Long.toString(demo.seed()));
        }
        return v;
    }

    private static final String UNSET = "(unset)";

    private static String unset(Optional<?> value) {
        return value.map(Object::toString).orElse(UNSET);
    }

    private static String ms(Duration d) {
        return Long.toString(d.toMillis());
    }
}
