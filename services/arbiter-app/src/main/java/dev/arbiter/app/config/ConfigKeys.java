package dev.arbiter.app.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The names of every configuration key Arbiter understands, the pass-through prefixes, and the
 * mapping from a key to its environment variable. One list, so the loader can reject a key it
 * does not know (a typo would otherwise silently fall back to the default) and suggest the key
 * that was probably meant.
 */
public final class ConfigKeys {

    public static final String PREFIX = "arbiter.";

    public static final String MODE = "arbiter.mode";

    public static final String KAFKA_BOOTSTRAP_SERVERS = "arbiter.kafka.bootstrap-servers";
    public static final String KAFKA_APPLICATION_ID = "arbiter.kafka.application-id";
    public static final String KAFKA_STATE_DIR = "arbiter.kafka.state-dir";
    public static final String KAFKA_NUM_STREAM_THREADS = "arbiter.kafka.num-stream-threads";
    public static final String KAFKA_COMMIT_INTERVAL_MS = "arbiter.kafka.commit-interval-ms";
    public static final String KAFKA_REPLICATION_FACTOR = "arbiter.kafka.replication-factor";
    public static final String KAFKA_TOPIC_PARTITIONS = "arbiter.kafka.topic-partitions";
    public static final String TOPIC_CANDIDATES = "arbiter.kafka.topics.candidates";
    public static final String TOPIC_REWARDS = "arbiter.kafka.topics.rewards";
    public static final String TOPIC_CRITIQUES = "arbiter.kafka.topics.critiques";
    public static final String TOPIC_DEAD_LETTER = "arbiter.kafka.topics.dead-letter";
    public static final String TOPIC_PAIRWISE_REQUESTS = "arbiter.kafka.topics.pairwise-requests";
    public static final String TOPIC_PAIRWISE_RESULTS = "arbiter.kafka.topics.pairwise-results";
    /** Pass-through prefix: the rest of the key is a Kafka Streams property name. */
    public static final String KAFKA_STREAMS_PREFIX = "arbiter.kafka.streams.";
    /** Pass-through prefix: the rest of the key is a Kafka client property for every client. */
    public static final String KAFKA_CLIENT_PREFIX = "arbiter.kafka.client.";

    public static final String REGISTRY_URL = "arbiter.registry.url";
    public static final String REGISTRY_AUTO_REGISTER = "arbiter.registry.auto-register";
    public static final String REGISTRY_REQUEST_TIMEOUT_MS = "arbiter.registry.request-timeout-ms";

    public static final String JUDGE_TARGET = "arbiter.judge.target";
    public static final String JUDGE_TLS_ENABLED = "arbiter.judge.tls.enabled";
    public static final String JUDGE_TLS_TRUST_CERT_PATH = "arbiter.judge.tls.trust-cert-path";
    public static final String JUDGE_TLS_CLIENT_CERT_PATH = "arbiter.judge.tls.client-cert-path";
    public static final String JUDGE_TLS_CLIENT_KEY_PATH = "arbiter.judge.tls.client-key-path";
    public static final String JUDGE_PROFILE = "arbiter.judge.profile";
    public static final String JUDGE_MODEL = "arbiter.judge.model";
    public static final String JUDGE_DEFAULT_PROTOCOL = "arbiter.judge.default-protocol";
    public static final String JUDGE_DEADLINE_MS = "arbiter.judge.deadline-ms";
    public static final String JUDGE_MAX_IN_FLIGHT = "arbiter.judge.max-in-flight";
    public static final String JUDGE_MAX_ATTEMPTS = "arbiter.judge.max-attempts";
    public static final String JUDGE_RETRY_BACKOFF_MS = "arbiter.judge.retry-backoff-ms";
    public static final String JUDGE_RETRY_BACKOFF_MAX_MS = "arbiter.judge.retry-backoff-max-ms";
    public static final String JUDGE_KEEPALIVE_MS = "arbiter.judge.keepalive-ms";

    public static final String PIPELINE_WINDOW_PER_TASK = "arbiter.pipeline.window-per-task";
    public static final String PIPELINE_MAX_PENDING_PER_TASK = "arbiter.pipeline.max-pending-per-task";
    public static final String PIPELINE_BATCH_LINGER_MS = "arbiter.pipeline.batch-linger-ms";
    public static final String PIPELINE_BATCH_MAX_SIZE = "arbiter.pipeline.batch-max-size";
    public static final String PIPELINE_DRAIN_INTERVAL_MS = "arbiter.pipeline.drain-interval-ms";
    public static final String PIPELINE_DEDUPE_WINDOW_MS = "arbiter.pipeline.dedupe-window-ms";
    public static final String PIPELINE_MAX_PROMPT_CHARS = "arbiter.pipeline.max-prompt-chars";
    public static final String PIPELINE_MAX_RESPONSE_CHARS = "arbiter.pipeline.max-response-chars";
    public static final String PIPELINE_MAX_METADATA_CHARS = "arbiter.pipeline.max-metadata-chars";

    public static final String HTTP_ENABLED = "arbiter.http.enabled";
    public static final String HTTP_BIND_ADDRESS = "arbiter.http.bind-address";
    public static final String HTTP_PORT = "arbiter.http.port";

    public static final String DEVSERVER_PORT = "arbiter.devserver.port";
    public static final String DEVSERVER_TIME_SCALE = "arbiter.devserver.time-scale";
    public static final String DEVSERVER_PREFILL_TOKENS_PER_SECOND = "arbiter.devserver.prefill-tokens-per-second";
    public static final String DEVSERVER_DECODE_STEP_MS = "arbiter.devserver.decode-step-ms";
    public static final String DEVSERVER_MAX_CONCURRENT_SEQUENCES = "arbiter.devserver.max-concurrent-sequences";
    public static final String DEVSERVER_PREFIX_CACHE_TOKENS = "arbiter.devserver.prefix-cache-tokens";
    public static final String DEVSERVER_POSITION_BIAS = "arbiter.devserver.position-bias";
    public static final String DEVSERVER_SEED = "arbiter.devserver.seed";

    public static final String DEMO_ENABLED = "arbiter.demo.enabled";
    public static final String DEMO_PROMPTS_RESOURCE = "arbiter.demo.prompts-resource";
    public static final String DEMO_CANDIDATES_PER_PROMPT = "arbiter.demo.candidates-per-prompt";
    public static final String DEMO_TOTAL_CANDIDATES = "arbiter.demo.total-candidates";
    public static final String DEMO_RATE_PER_SECOND = "arbiter.demo.rate-per-second";
    public static final String DEMO_MALFORMED_EVERY = "arbiter.demo.malformed-every";
    public static final String DEMO_PAIRS_EVERY = "arbiter.demo.pairs-every";
    public static final String DEMO_SEED = "arbiter.demo.seed";

    /** Every key with a dedicated meaning (pass-through keys excluded). */
    public static final Set<String> KNOWN = Set.of(
            MODE,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_APPLICATION_ID, KAFKA_STATE_DIR, KAFKA_NUM_STREAM_THREADS,
            KAFKA_COMMIT_INTERVAL_MS, KAFKA_REPLICATION_FACTOR, KAFKA_TOPIC_PARTITIONS,
            TOPIC_CANDIDATES, TOPIC_REWARDS, TOPIC_CRITIQUES, TOPIC_DEAD_LETTER,
            TOPIC_PAIRWISE_REQUESTS, TOPIC_PAIRWISE_RESULTS,
            REGISTRY_URL, REGISTRY_AUTO_REGISTER, REGISTRY_REQUEST_TIMEOUT_MS,
            JUDGE_TARGET, JUDGE_TLS_ENABLED, JUDGE_TLS_TRUST_CERT_PATH,
            JUDGE_TLS_CLIENT_CERT_PATH, JUDGE_TLS_CLIENT_KEY_PATH, JUDGE_PROFILE, JUDGE_MODEL,
            JUDGE_DEFAULT_PROTOCOL, JUDGE_DEADLINE_MS, JUDGE_MAX_IN_FLIGHT, JUDGE_MAX_ATTEMPTS,
            JUDGE_RETRY_BACKOFF_MS, JUDGE_RETRY_BACKOFF_MAX_MS, JUDGE_KEEPALIVE_MS,
            PIPELINE_WINDOW_PER_TASK, PIPELINE_MAX_PENDING_PER_TASK, PIPELINE_BATCH_LINGER_MS, PIPELINE_BATCH_MAX_SIZE,
            PIPELINE_DRAIN_INTERVAL_MS, PIPELINE_DEDUPE_WINDOW_MS,
            PIPELINE_MAX_PROMPT_CHARS, PIPELINE_MAX_RESPONSE_CHARS, PIPELINE_MAX_METADATA_CHARS,
            HTTP_ENABLED, HTTP_BIND_ADDRESS, HTTP_PORT,
            DEVSERVER_PORT, DEVSERVER_TIME_SCALE, DEVSERVER_PREFILL_TOKENS_PER_SECOND, DEVSERVER_DECODE_STEP_MS,
            DEVSERVER_MAX_CONCURRENT_SEQUENCES, DEVSERVER_PREFIX_CACHE_TOKENS, DEVSERVER_POSITION_BIAS,
            DEVSERVER_SEED,
            DEMO_ENABLED, DEMO_PROMPTS_RESOURCE, DEMO_CANDIDATES_PER_PROMPT, DEMO_TOTAL_CANDIDATES,
            DEMO_RATE_PER_SECOND, DEMO_MALFORMED_EVERY, DEMO_PAIRS_EVERY, DEMO_SEED);

    /** Prefixes under which any key is accepted and handed to Kafka as-is. */
    public static final List<String> PASS_THROUGH_PREFIXES = List.of(KAFKA_STREAMS_PREFIX, KAFKA_CLIENT_PREFIX);

    private ConfigKeys() {}

    /** True for a key Arbiter understands, dedicated or pass-through. */
    public static boolean isKnown(String key) {
        return KNOWN.contains(key) || passThroughPrefix(key).isPresent();
    }

    /** The pass-through prefix {@code key} falls under, if it names a property after it. */
    public static Optional<String> passThroughPrefix(String key) {
        return PASS_THROUGH_PREFIXES.stream()
                .filter(p -> key.startsWith(p) && key.length() > p.length())
                .findFirst();
    }

    /**
     * The environment variable for a key: upper case, dots and dashes become underscores
     * ({@code arbiter.kafka.bootstrap-servers} → {@code ARBITER_KAFKA_BOOTSTRAP_SERVERS}).
     */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The known key closest to {@code key} when it is close enough to be a probable typo. Used
     * only to improve error messages.
     */
    public static Optional<String> closest(String key) {
        return KNOWN.stream()
                .min(Comparator.comparingInt((String k) -> editDistance(k, key)).thenComparing(k -> k))
                .filter(k -> editDistance(k, key) <= Math.max(2, key.length() / 8));
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
