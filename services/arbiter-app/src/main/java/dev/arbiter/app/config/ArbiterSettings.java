package dev.arbiter.app.config;

import static dev.arbiter.app.config.ValueTypes.anyLong;
import static dev.arbiter.app.config.ValueTypes.bool;
import static dev.arbiter.app.config.ValueTypes.doubleInRange;
import static dev.arbiter.app.config.ValueTypes.hostPort;
import static dev.arbiter.app.config.ValueTypes.hostPortList;
import static dev.arbiter.app.config.ValueTypes.httpUrl;
import static dev.arbiter.app.config.ValueTypes.intInRange;
import static dev.arbiter.app.config.ValueTypes.kafkaName;
import static dev.arbiter.app.config.ValueTypes.nonNegativeInt;
import static dev.arbiter.app.config.ValueTypes.nonNegativeLong;
import static dev.arbiter.app.config.ValueTypes.nonNegativeMillis;
import static dev.arbiter.app.config.ValueTypes.oneOf;
import static dev.arbiter.app.config.ValueTypes.path;
import static dev.arbiter.app.config.ValueTypes.positiveDouble;
import static dev.arbiter.app.config.ValueTypes.positiveInt;
import static dev.arbiter.app.config.ValueTypes.positiveMillis;
import static dev.arbiter.app.config.ValueTypes.text;

import dev.arbiter.app.config.Setting.Section;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.streams.bestofn.SelectionStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key Arbiter understands, each defined once as a {@link Setting}, in the
 * order the key table shows them; plus the two pass-through prefixes. The loader accepts exactly
 * these keys (a typo would otherwise silently fall back to the default, so it is rejected with
 * the key that was probably meant), and docs/configuration.md's table is generated from them
 * ({@link ConfigReference}).
 */
public final class ArbiterSettings {

    public static final String PREFIX = "arbiter.";
    /** Pass-through prefix: the rest of the key is a Kafka Streams property name. */
    public static final String KAFKA_STREAMS_PREFIX = "arbiter.kafka.streams.";
    /** Pass-through prefix: the rest of the key is a Kafka client property for every client. */
    public static final String KAFKA_CLIENT_PREFIX = "arbiter.kafka.client.";
    /** Prefixes under which any key is accepted and handed to Kafka as-is. */
    public static final List<String> PASS_THROUGH_PREFIXES = List.of(KAFKA_STREAMS_PREFIX, KAFKA_CLIENT_PREFIX);

    // Filled by define() in declaration order; declared first so it exists when the constants are.
    private static final List<Setting<?>> DEFINED = new ArrayList<>();

    public static final Setting<Mode> MODE = define(Section.GENERAL, "arbiter.mode", oneOf(Mode.class), "embedded",
            "`embedded`: start a KRaft broker, a schema registry and the dev judge in-process. `external`: use the "
                    + "Kafka, registry and Triton below (then all three addresses are required).");

    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = optional(Section.KAFKA, "arbiter.kafka.bootstrap-servers",
            hostPortList(), "required in external", "comma-separated `host:port` list");
    public static final Setting<String> KAFKA_APPLICATION_ID = define(Section.KAFKA, "arbiter.kafka.application-id",
            kafkaName(), "arbiter", "Kafka Streams application id: consumer group and prefix of internal topics. Legal Kafka name.");
    public static final Setting<Path> KAFKA_STATE_DIR = optional(Section.KAFKA, "arbiter.kafka.state-dir", path(),
            "runtime chooses", "local state directory of Kafka Streams (RocksDB, checkpoints)");
    public static final Setting<Integer> KAFKA_NUM_STREAM_THREADS = define(Section.KAFKA, "arbiter.kafka.num-stream-threads",
            positiveInt(), "1", "stream threads in this instance");
    public static final Setting<Duration> KAFKA_COMMIT_INTERVAL_MS = define(Section.KAFKA, "arbiter.kafka.commit-interval-ms",
            positiveMillis(), "100", "transaction commit interval (exactly-once): the floor of end-to-end latency");
    public static final Setting<Integer> KAFKA_REPLICATION_FACTOR = define(Section.KAFKA, "arbiter.kafka.replication-factor",
            intInRange(1, Short.MAX_VALUE), "1",
            "replication factor of internal topics and of topics Arbiter creates (use 3 in production)");
    public static final Setting<Integer> KAFKA_TOPIC_PARTITIONS = define(Section.KAFKA, "arbiter.kafka.topic-partitions",
            positiveInt(), "3", "partitions of topics Arbiter creates; the unit of parallelism");
    public static final Setting<String> TOPIC_CANDIDATES = define(Section.KAFKA, "arbiter.kafka.topics.candidates",
            kafkaName(), "arbiter.candidates.v1", "input topic");
    public static final Setting<String> TOPIC_REWARDS = define(Section.KAFKA, "arbiter.kafka.topics.rewards",
            kafkaName(), "arbiter.rewards.v1", "reward output topic");
    public static final Setting<String> TOPIC_CRITIQUES = define(Section.KAFKA, "arbiter.kafka.topics.critiques",
            kafkaName(), "arbiter.critiques.v1", "critique output topic");
    public static final Setting<String> TOPIC_DEAD_LETTER = define(Section.KAFKA, "arbiter.kafka.topics.dead-letter",
            kafkaName(), "arbiter.dead-letter.v1", "rejected inputs with their reason");
    public static final Setting<String> TOPIC_PAIRWISE_REQUESTS = define(Section.KAFKA, "arbiter.kafka.topics.pairwise-requests",
            kafkaName(), "arbiter.pairwise-requests.v1", "pairs of responses to compare (always read)");
    public static final Setting<String> TOPIC_PAIRWISE_RESULTS = define(Section.KAFKA, "arbiter.kafka.topics.pairwise-results",
            kafkaName(), "arbiter.pairwise-results.v1", "one consolidated result per pair");
    public static final Setting<String> TOPIC_JUDGE_METRICS = define(Section.KAFKA, "arbiter.kafka.topics.judge-metrics",
            kafkaName(), "arbiter.judge-metrics.v1", "windowed judge-health records (see [operations.md](operations.md))");
    public static final Setting<String> TOPIC_BEST_OF_N = define(Section.KAFKA, "arbiter.kafka.topics.best-of-n",
            kafkaName(), "arbiter.best-of-n.v1", "one selection record per best-of-N group (see [best-of-n.md](best-of-n.md))");
    public static final Setting<String> TOPIC_PREFERENCE_PAIRS = define(Section.KAFKA, "arbiter.kafka.topics.preference-pairs",
            kafkaName(), "arbiter.preference-pairs.v1", "at most one chosen/rejected pair per complete group, as DPO reads it. "
                    + "The nine topic names must differ.");

    public static final Setting<String> REGISTRY_URL = optional(Section.REGISTRY, "arbiter.registry.url", httpUrl(),
            "required in external", "base URL of the Confluent-compatible REST API (`http://` or `https://`); "
                    + "user-info in it is masked when printed");
    public static final Setting<Boolean> REGISTRY_AUTO_REGISTER = define(Section.REGISTRY, "arbiter.registry.auto-register",
            bool(), "true", "register writer schemas on first use; `false` = look up only, so an unreviewed schema change fails loudly");
    public static final Setting<Duration> REGISTRY_REQUEST_TIMEOUT_MS = define(Section.REGISTRY,
            "arbiter.registry.request-timeout-ms", positiveMillis(), "10000", "timeout of one registry request");

    public static final Setting<String> JUDGE_TARGET = optional(Section.JUDGE, "arbiter.judge.target", hostPort(),
            "required in external", "Triton gRPC address `host:port`");
    public static final Setting<Boolean> JUDGE_TLS_ENABLED = define(Section.JUDGE, "arbiter.judge.tls.enabled", bool(),
            "false", "TLS towards Triton");
    public static final Setting<Path> JUDGE_TLS_TRUST_CERT_PATH = optional(Section.JUDGE, "arbiter.judge.tls.trust-cert-path",
            path(), "JVM trust store", "PEM CA/certificate to trust; must be readable; only with TLS enabled");
    public static final Setting<Path> JUDGE_TLS_CLIENT_CERT_PATH = optional(Section.JUDGE, "arbiter.judge.tls.client-cert-path",
            path(), "no client certificate", "mutual TLS: PEM client certificate chain; set together with client-key-path");
    public static final Setting<Path> JUDGE_TLS_CLIENT_KEY_PATH = optional(Section.JUDGE, "arbiter.judge.tls.client-key-path",
            path(), "no client certificate", "mutual TLS: PEM private key of the client certificate");
    public static final Setting<String> JUDGE_PROFILE = define(Section.JUDGE, "arbiter.judge.profile", text(),
            "auto-j-13b-gptq", "judge profile: prompt templates + verdict parser + Triton model name; a bundled name or a "
                    + "`.properties` file");
    public static final Setting<String> JUDGE_MODEL = optional(Section.JUDGE, "arbiter.judge.model", text(),
            "profile's model", "Triton model name overriding the profile's");
    public static final Setting<JudgeProtocol> JUDGE_DEFAULT_PROTOCOL = define(Section.JUDGE, "arbiter.judge.default-protocol",
            oneOf(JudgeProtocol.class, EnumSet.complementOf(EnumSet.of(JudgeProtocol.DEFAULT))), "single",
            "protocol for candidates that ask for DEFAULT: `single`, `reference_guided` or `additive`");
    public static final Setting<Duration> JUDGE_DEADLINE_MS = define(Section.JUDGE, "arbiter.judge.deadline-ms",
            positiveMillis(), "60000", "deadline of one judge call");
    public static final Setting<Integer> JUDGE_MAX_IN_FLIGHT = define(Section.JUDGE, "arbiter.judge.max-in-flight",
            positiveInt(), "64", "judge calls outstanding at once in this instance");
    public static final Setting<Integer> JUDGE_MAX_ATTEMPTS = define(Section.JUDGE, "arbiter.judge.max-attempts",
            positiveInt(), "8", "tries of one call for input-specific failures before it is given up (judge-away failures retry forever)");
    public static final Setting<Duration> JUDGE_RETRY_BACKOFF_MS = define(Section.JUDGE, "arbiter.judge.retry-backoff-ms",
            nonNegativeMillis(), "250", "first retry backoff (doubles per attempt)");
    public static final Setting<Duration> JUDGE_RETRY_BACKOFF_MAX_MS = define(Section.JUDGE, "arbiter.judge.retry-backoff-max-ms",
            positiveMillis(), "10000", "backoff cap; must be ≥ retry-backoff-ms");
    public static final Setting<Duration> JUDGE_KEEPALIVE_MS = define(Section.JUDGE, "arbiter.judge.keepalive-ms",
            positiveMillis(), "30000", "gRPC keepalive interval on the Triton channel");
    public static final Setting<Duration> JUDGE_READINESS_INTERVAL_MS = define(Section.JUDGE,
            "arbiter.judge.readiness-interval-ms", positiveMillis(), "5000",
            "how often `/health/ready` asks Triton whether the judge model is ready (readiness is down while it is not)");
    public static final Setting<Integer> JUDGE_CIRCUIT_FAILURE_THRESHOLD = define(Section.JUDGE,
            "arbiter.judge.circuit.failure-threshold", positiveInt(), "5",
            "consecutive judge-away failures (unreachable, model not ready, unresponsive) that open the circuit breaker: "
                    + "calls then wait instead of being sent");
    public static final Setting<Duration> JUDGE_CIRCUIT_PROBE_INTERVAL_MS = define(Section.JUDGE,
            "arbiter.judge.circuit.probe-interval-ms", positiveMillis(), "1000",
            "while the breaker is open, how often the judge's readiness is asked; the first `ready` lets one trial call through");

    public static final Setting<Integer> PIPELINE_WINDOW_PER_TASK = define(Section.PIPELINE, "arbiter.pipeline.window-per-task",
            positiveInt(), "2000", "items (candidates, pairs) one stream task judges at once; only these are held in memory, "
                    + "the rest wait in the task's pending store on disk");
    public static final Setting<Integer> PIPELINE_MAX_PENDING_PER_TASK = define(Section.PIPELINE,
            "arbiter.pipeline.max-pending-per-task", positiveInt(), "100000",
            "accepted-but-unfinished items one stream task holds in its pending store; at this cap accepting waits for judge "
                    + "answers inside the open transaction (the one case that can get the producer fenced; see "
                    + "[architecture.md](architecture.md#the-in-flight-engine))");
    public static final Setting<Duration> PIPELINE_BATCH_LINGER_MS = define(Section.PIPELINE, "arbiter.pipeline.batch-linger-ms",
            nonNegativeMillis(), "5", "longest an item waits for its batch to fill (0 allowed)");
    public static final Setting<Integer> PIPELINE_BATCH_MAX_SIZE = define(Section.PIPELINE, "arbiter.pipeline.batch-max-size",
            positiveInt(), "32", "items released to the judge together");
    public static final Setting<Boolean> PIPELINE_GROUP_BY_PROMPT = define(Section.PIPELINE, "arbiter.pipeline.group-by-prompt",
            bool(), "true", "send a prompt's candidates to the judge back to back (within a batch, and among calls waiting for a "
                    + "free slot) so a judge with prefix caching computes their shared prompt once; `false` keeps arrival order "
                    + "(for comparison)");
    public static final Setting<Duration> PIPELINE_DRAIN_INTERVAL_MS = define(Section.PIPELINE, "arbiter.pipeline.drain-interval-ms",
            positiveMillis(), "20", "how often judge answers are collected back into the stream");
    public static final Setting<Duration> PIPELINE_DEDUPE_WINDOW_MS = define(Section.PIPELINE, "arbiter.pipeline.dedupe-window-ms",
            positiveMillis(), "86400000", "how long an accepted candidate id (and pair id) is remembered; a repeat within it "
                    + "is dead-lettered as `DUPLICATE_CANDIDATE`");
    public static final Setting<Integer> PIPELINE_MAX_PROMPT_CHARS = define(Section.PIPELINE, "arbiter.pipeline.max-prompt-chars",
            positiveInt(), "65536", "longest accepted conversation (every turn's role and content together, UTF-16 characters); "
                    + "longer is dead-lettered as `FIELD_TOO_LARGE` before anything reads it");
    public static final Setting<Integer> PIPELINE_MAX_RESPONSE_CHARS = define(Section.PIPELINE,
            "arbiter.pipeline.max-response-chars", positiveInt(), "65536",
            "longest accepted response, reference answer, and each response of a pair; longer is `FIELD_TOO_LARGE`");
    public static final Setting<Integer> PIPELINE_MAX_METADATA_CHARS = define(Section.PIPELINE,
            "arbiter.pipeline.max-metadata-chars", positiveInt(), "16384",
            "longest accepted metadata map (keys and values) together with the other free-text fields (policy model and "
                    + "version, scenario, a pair's candidate ids); longer is `FIELD_TOO_LARGE`");

    public static final Setting<Double> JUDGE_HEALTH_PROBE_RATE = define(Section.JUDGE_HEALTH, "arbiter.judge-health.probe-rate",
            doubleInRange(0, 1), "0.05", "share of best-of-N groups (2 or more candidates) whose candidates 0 and 1 Arbiter "
                    + "also compares in both orders, to measure position consistency on live traffic; each probe costs two "
                    + "judge calls per vote sample and feeds only the judge-health measures. 0 = off");
    public static final Setting<Duration> JUDGE_HEALTH_PROBE_PARTNER_TIMEOUT_MS = define(Section.JUDGE_HEALTH,
            "arbiter.judge-health.probe-partner-timeout-ms", positiveMillis(), "600000",
            "how long a sampled group's first candidate waits for the second before the probe is given up "
                    + "(`arbiter.probes.skipped{reason=partner_timeout}`)");
    public static final Setting<Duration> JUDGE_HEALTH_METRICS_WINDOW_MS = define(Section.JUDGE_HEALTH,
            "arbiter.judge-health.metrics-window-ms", positiveMillis(), "60000",
            "length of the tumbling wall-clock windows of the judge-metrics topic; each task emits one record per window, "
                    + "judge, scenario group and source that saw judgements");

    public static final Setting<SelectionStrategy> BEST_OF_N_STRATEGY = define(Section.BEST_OF_N, "arbiter.best-of-n.strategy",
            oneOf(SelectionStrategy.class), "argmax", "how a group's winner is chosen unless its candidates name one in metadata `"
                    + SelectionStrategy.METADATA_KEY + "`: `argmax` (best reward; a tie at the top is judged pairwise), "
                    + "`knockout` or `round_robin` (pairwise tournaments, both orders per match)");
    public static final Setting<Integer> BEST_OF_N_MAX_GROUP_SIZE = define(Section.BEST_OF_N, "arbiter.best-of-n.max-group-size",
            intInRange(1, 4096), "64", "largest plausible `group_size`; larger is dead-lettered as `INVALID_FIELD`");
    public static final Setting<Duration> BEST_OF_N_GROUP_TIMEOUT_MS = define(Section.BEST_OF_N, "arbiter.best-of-n.group-timeout-ms",
            positiveMillis(), "600000", "wall-clock time a group waits for its last reward after its first; then it is "
                    + "emitted with what arrived, marked incomplete");
    public static final Setting<Duration> BEST_OF_N_GROUP_STREAM_TIMEOUT_MS = define(Section.BEST_OF_N,
            "arbiter.best-of-n.group-stream-timeout-ms", positiveMillis(), "600000",
            "the same in stream time: how far the `produced_at` of candidates a task has seen may run ahead of a group's "
                    + "first candidate before the group is emitted incomplete");
    public static final Setting<Duration> BEST_OF_N_CLOSED_GROUP_MEMORY_MS = define(Section.BEST_OF_N,
            "arbiter.best-of-n.closed-group-memory-ms", positiveMillis(), "86400000",
            "how long a closed group's prompt id is remembered: a candidate arriving later keeps its reward and is counted as "
                    + "late (`arbiter.groups.late`), and the group's record is never rewritten");
    public static final Setting<Double> BEST_OF_N_PAIR_MIN_MARGIN = define(Section.BEST_OF_N, "arbiter.best-of-n.pair-min-margin",
            doubleInRange(0, 1), "0.1", "smallest reward margin (0-1) between a complete group's best and worst candidate "
                    + "for a preference pair");
    public static final Setting<Boolean> BEST_OF_N_PAIR_CONFIRMATION = define(Section.BEST_OF_N,
            "arbiter.best-of-n.pair-confirmation", bool(), "false", "a preference pair also needs a pairwise judgement of "
                    + "the two in both orders that agrees (one extra match, two judge calls per vote sample, when they have not met)");

    public static final Setting<Boolean> HTTP_ENABLED = define(Section.HTTP, "arbiter.http.enabled", bool(), "true",
            "serve `/metrics`, `/health/live`, `/health/ready`");
    public static final Setting<String> HTTP_BIND_ADDRESS = define(Section.HTTP, "arbiter.http.bind-address", text(),
            "0.0.0.0", "interface to listen on");
    public static final Setting<Integer> HTTP_PORT = define(Section.HTTP, "arbiter.http.port", intInRange(0, 65_535), "8080",
            "port; `0` = any free port (demo and bench fall back to a free port when this one is taken; `run` fails)");

    public static final Setting<Integer> DEVSERVER_PORT = define(Section.DEVSERVER, "arbiter.devserver.port",
            intInRange(0, 65_535), "0", "gRPC port of the dev judge; 0 = any free");
    public static final Setting<Double> DEVSERVER_TIME_SCALE = define(Section.DEVSERVER, "arbiter.devserver.time-scale",
            doubleInRange(0, 1_000), "1.0", "multiplies every simulated duration; 0 answers instantly (0–1000)");
    public static final Setting<Double> DEVSERVER_PREFILL_TOKENS_PER_SECOND = define(Section.DEVSERVER,
            "arbiter.devserver.prefill-tokens-per-second", positiveDouble(), "8000",
            "simulated prompt processing speed for tokens not in the prefix cache");
    public static final Setting<Duration> DEVSERVER_DECODE_STEP_MS = define(Section.DEVSERVER, "arbiter.devserver.decode-step-ms",
            nonNegativeMillis(), "2", "simulated time of one decode step (one token for each running sequence)");
    public static final Setting<Integer> DEVSERVER_MAX_CONCURRENT_SEQUENCES = define(Section.DEVSERVER,
            "arbiter.devserver.max-concurrent-sequences", positiveInt(), "32", "sequences decoded together; more requests queue");
    public static final Setting<Integer> DEVSERVER_PREFIX_CACHE_TOKENS = define(Section.DEVSERVER,
            "arbiter.devserver.prefix-cache-tokens", nonNegativeInt(), "65536", "simulated prompt-prefix cache capacity, tokens");
    public static final Setting<Double> DEVSERVER_POSITION_BIAS = define(Section.DEVSERVER, "arbiter.devserver.position-bias",
            doubleInRange(0, 1), "0.15", "0–1, the probability that the dev judge names the first-shown response of a pair whatever the content (expected consistency on clear pairs: 1 − this)");
    public static final Setting<Long> DEVSERVER_SEED = define(Section.DEVSERVER, "arbiter.devserver.seed", anyLong(), "7",
            "seed of the dev judge's pseudo-random verdicts");

    public static final Setting<Boolean> DEMO_ENABLED = optional(Section.DEMO, "arbiter.demo.enabled", bool(),
            "true in embedded, false in external", "run the synthetic policy load");
    public static final Setting<String> DEMO_PROMPTS_RESOURCE = define(Section.DEMO, "arbiter.demo.prompts-resource", text(),
            "demo/prompts.jsonl", "classpath JSONL prompt set");
    public static final Setting<Integer> DEMO_CANDIDATES_PER_PROMPT = define(Section.DEMO, "arbiter.demo.candidates-per-prompt",
            positiveInt(), "4", "N, size of each best-of-N group");
    public static final Setting<Long> DEMO_TOTAL_CANDIDATES = define(Section.DEMO, "arbiter.demo.total-candidates",
            nonNegativeLong(), "400", "candidates to write; a multiple of N so every group completes; 0 = until stopped");
    public static final Setting<Double> DEMO_RATE_PER_SECOND = define(Section.DEMO, "arbiter.demo.rate-per-second",
            positiveDouble(), "100", "candidates written per second");
    public static final Setting<Integer> DEMO_MALFORMED_EVERY = define(Section.DEMO, "arbiter.demo.malformed-every",
            nonNegativeInt(), "50", "after every this many candidates also write one malformed record, so the demo shows the "
                    + "dead-letter path; 0 = none");
    public static final Setting<Integer> DEMO_PAIRS_EVERY = define(Section.DEMO, "arbiter.demo.pairs-every", nonNegativeInt(),
            "5", "after every this many complete groups also write one pairwise request (the group's GOOD answer against "
                    + "another of its answers) when the judge profile offers pairwise comparison; 0 = none");
    public static final Setting<Long> DEMO_SEED = define(Section.DEMO, "arbiter.demo.seed", anyLong(), "42",
            "seed of the synthetic policy");

    /** Every setting, in table order. */
    public static final List<Setting<?>> ALL = Collections.unmodifiableList(DEFINED);

    private static final Map<String, Setting<?>> BY_KEY = byKey();

    private ArbiterSettings() {}

    /** The setting named {@code key}, if there is one (pass-through keys have none). */
    public static Optional<Setting<?>> named(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** True for a key Arbiter understands, dedicated or pass-through. */
    public static boolean isKnown(String key) {
        return BY_KEY.containsKey(key) || passThroughPrefix(key).isPresent();
    }

    /** The pass-through prefix {@code key} falls under, if it names a property after it. */
    public static Optional<String> passThroughPrefix(String key) {
        return PASS_THROUGH_PREFIXES.stream().filter(p -> key.startsWith(p) && key.length() > p.length()).findFirst();
    }

    /** Upper case, dots and dashes as underscores: {@code arbiter.kafka.x-y} → {@code ARBITER_KAFKA_X_Y}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The known key closest to {@code key}, when it is close enough to be a probable typo (for messages only). */
    public static Optional<String> closest(String key) {
        return BY_KEY.keySet().stream()
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

    private static <T> Setting<T> define(Section section, String key, ValueType<T> type, String defaultValue, String doc) {
        return add(new Setting<>(section, key, type, defaultValue, "", doc, false));
    }

    private static <T> Setting<T> optional(Section section, String key, ValueType<T> type, String whenUnset, String doc) {
        return add(new Setting<>(section, key, type, "", whenUnset, doc, false));
    }

    private static <T> Setting<T> add(Setting<T> setting) {
        DEFINED.add(setting);
        return setting;
    }

    private static Map<String, Setting<?>> byKey() {
        Map<String, Setting<?>> map = new LinkedHashMap<>();
        for (Setting<?> s : DEFINED) {
            if (map.put(s.key(), s) != null) throw new IllegalStateException("key defined twice: " + s.key());
        }
        return Map.copyOf(map);
    }
}
