package dev.arbiter.app.config;

import dev.arbiter.streams.bestofn.GroupSettings;
import dev.arbiter.streams.topics.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one {@link ArbiterConfig} of a process from its sources, in increasing precedence:
 * the defaults of the {@link ArbiterSettings} definitions, an optional properties file
 * ({@code --config FILE}), environment variables ({@code ARBITER_KAFKA_BOOTSTRAP_SERVERS} for
 * {@code arbiter.kafka.bootstrap-servers}), JVM system properties ({@code -Darbiter.…}), and an
 * explicit overrides map (the command line's {@code -Dkey=value} arguments).
 *
 * <p>Sources an operator writes for Arbiter (the file and the overrides) may only contain keys
 * Arbiter knows, so a misspelt key fails start-up instead of silently meaning "use the default".
 * The environment and JVM system properties are shared with other tools, so there an unknown
 * name is ignored — with a warning if it is one typo away from a real key. Every problem found
 * is reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {

    static final String DEFAULTS_ORIGIN = "defaults";

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String ENV_PREFIX = "ARBITER_";

    private final Map<String, String> environment;
    private final Properties systemProperties;

    /**
     * @param environment      the process environment (injectable so tests need not touch the real one)
     * @param systemProperties JVM system properties; only {@code arbiter.*} entries are read
     */
    public ConfigLoader(Map<String, String> environment, Properties systemProperties) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.systemProperties = (Properties) Objects.requireNonNull(systemProperties, "systemProperties").clone();
    }

    /** A loader reading this process's real environment and system properties. */
    public static ConfigLoader fromProcess() {
        return new ConfigLoader(System.getenv(), System.getProperties());
    }

    /** A loader that sees only the defaults, the file and the overrides (for tests and tools). */
    public static ConfigLoader isolated() {
        return new ConfigLoader(Map.of(), new Properties());
    }

    /** Loads with the file and overrides given on the command line. */
    public ArbiterConfig load(LaunchArguments arguments) {
        return load(arguments.configFile(), arguments.overrides());
    }

    /**
     * Layers all sources and validates the result.
     *
     * @param configFile optional properties file
     * @param overrides  highest-precedence values, e.g. parsed from {@code -Dkey=value} arguments
     * @throws ConfigException naming every bad key and value
     */
    public ArbiterConfig load(Optional<Path> configFile, Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        ConfigValues values = new ConfigValues();
        layerDefaults(values);
        configFile.ifPresent(file -> layerFile(file, values, problems));
        layerEnvironment(values);
        layerSystemProperties(values);
        overrides.forEach((key, value) -> {
            if (acceptExplicit(key, "the command line", problems)) {
                values.put(key, value, "command-line override " + key);
            }
        });
        ResolvedSettings resolved = ResolvedSettings.parse(values);
        checkAcrossKeys(resolved);
        problems.addAll(resolved.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return build(resolved);
    }

    /** The defaults come from the settings' own definitions. */
    private static void layerDefaults(ConfigValues values) {
        for (Setting<?> setting : ArbiterSettings.ALL) {
            if (!setting.optional()) values.put(setting.key(), setting.defaultValue(), DEFAULTS_ORIGIN);
        }
    }

    private void layerFile(Path file, ConfigValues values, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("config file " + file + " does not exist or is not a regular file");
            return;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("config file " + file + " cannot be read: " + e.getMessage());
            return;
        }
        properties.stringPropertyNames().stream().sorted().forEach(key -> {
            if (acceptExplicit(key, "config file " + file, problems)) {
                values.put(key, properties.getProperty(key), "config file " + file);
            }
        });
    }

    /** True if {@code key} may be used; otherwise records why not. */
    private static boolean acceptExplicit(String key, String source, List<String> problems) {
        if (ArbiterSettings.isKnown(key)) {
            return true;
        }
        if (!key.startsWith(ArbiterSettings.PREFIX)) {
            problems.add(key + " (in " + source + ") is not an Arbiter key: Arbiter keys start with 'arbiter.';"
                    + " Kafka properties go under " + ArbiterSettings.KAFKA_CLIENT_PREFIX + " or " + ArbiterSettings.KAFKA_STREAMS_PREFIX);
            return false;
        }
        problems.add("unknown configuration key " + key + " (in " + source + ")"
                + ArbiterSettings.closest(key).map(k -> "; did you mean " + k + "?").orElse(""));
        return false;
    }

    private void layerEnvironment(ConfigValues values) {
        Set<String> used = new HashSet<>();
        for (Setting<?> setting : ArbiterSettings.ALL) {
            String name = setting.environmentName();
            String value = environment.get(name);
            if (value != null) {
                values.put(setting.key(), value, "environment variable " + name);
                used.add(name);
            }
        }
        new TreeMap<>(environment).forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || used.contains(name)) return;
            Optional<String> passThrough = passThroughKeyForEnvironment(name);
            if (passThrough.isPresent()) {
                values.put(passThrough.get(), value, "environment variable " + name);
            } else {
                warnIfTypo(name, closestEnvironmentName(name), "environment variable");
            }
        });
    }

    /**
     * {@code ARBITER_KAFKA_CLIENT_SECURITY_PROTOCOL} → {@code arbiter.kafka.client.security.protocol}:
     * Kafka property names are lower-case words joined by dots, so underscores map back to dots.
     */
    static Optional<String> passThroughKeyForEnvironment(String name) {
        for (String prefix : ArbiterSettings.PASS_THROUGH_PREFIXES) {
            String envPrefix = ArbiterSettings.environmentName(prefix);
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
                String property = name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                return Optional.of(prefix + property);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> closestEnvironmentName(String name) {
        return ArbiterSettings.ALL.stream()
                .map(Setting::environmentName)
                .filter(env -> ArbiterSettings.editDistance(env, name) <= 2)
                .min(String::compareTo);
    }

    private void layerSystemProperties(ConfigValues values) {
        systemProperties.stringPropertyNames().stream()
                .filter(key -> key.startsWith(ArbiterSettings.PREFIX))
                .sorted()
                .forEach(key -> {
                    if (ArbiterSettings.isKnown(key)) {
                        values.put(key, systemProperties.getProperty(key), "JVM system property -D" + key);
                    } else {
                        warnIfTypo(key, ArbiterSettings.closest(key), "JVM system property");
                    }
                });
    }

    private static void warnIfTypo(String name, Optional<String> closest, String kind) {
        if (closest.isPresent()) {
            log.warn("ignoring {} {}: not an Arbiter setting; did you mean {}?", kind, name, closest.get());
        } else {
            log.debug("ignoring {} {}: not an Arbiter setting", kind, name);
        }
    }

    /** Rules that span several keys; each runs only when the keys it reads parsed. */
    private static void checkAcrossKeys(ResolvedSettings r) {
        r.value(ArbiterSettings.MODE).filter(m -> m == Mode.EXTERNAL).ifPresent(m -> {
            for (Setting<?> address : List.of(ArbiterSettings.KAFKA_BOOTSTRAP_SERVERS, ArbiterSettings.REGISTRY_URL,
                    ArbiterSettings.JUDGE_TARGET)) {
                if (!r.isSet(address)) {
                    r.problem(address.key() + " is required when " + ArbiterSettings.MODE.key() + " is external (set "
                            + address.environmentName() + " or " + address.key() + ")");
                }
            }
        });
        List<Setting<String>> topicKeys = List.of(ArbiterSettings.TOPIC_CANDIDATES, ArbiterSettings.TOPIC_REWARDS,
                ArbiterSettings.TOPIC_CRITIQUES, ArbiterSettings.TOPIC_DEAD_LETTER, ArbiterSettings.TOPIC_PAIRWISE_REQUESTS,
                ArbiterSettings.TOPIC_PAIRWISE_RESULTS, ArbiterSettings.TOPIC_JUDGE_METRICS, ArbiterSettings.TOPIC_BEST_OF_N,
                ArbiterSettings.TOPIC_PREFERENCE_PAIRS);
        List<String> topics = topicKeys.stream().map(r::value).flatMap(Optional::stream).toList();
        if (topics.size() == topicKeys.size() && topics.stream().distinct().count() != topics.size()) {
            StringBuilder named = new StringBuilder();
            for (Setting<String> t : topicKeys) {
                named.append(' ').append(t.key().substring("arbiter.kafka.topics.".length())).append('=').append(r.get(t));
            }
            r.problem("arbiter.kafka.topics.* must name nine different topics, got" + named);
        }
        boolean tls = r.value(ArbiterSettings.JUDGE_TLS_ENABLED).orElse(false);
        r.value(ArbiterSettings.JUDGE_TLS_TRUST_CERT_PATH).ifPresent(path -> {
            if (!tls) {
                r.problem(ArbiterSettings.JUDGE_TLS_TRUST_CERT_PATH.key() + " is set to '" + path + "' but "
                        + ArbiterSettings.JUDGE_TLS_ENABLED.key() + " is false; enable TLS or remove the certificate");
            } else if (!Files.isReadable(path)) {
                r.invalid(ArbiterSettings.JUDGE_TLS_TRUST_CERT_PATH, "must be a readable PEM file");
            }
        });
        Setting<Path> cert = ArbiterSettings.JUDGE_TLS_CLIENT_CERT_PATH;
        Setting<Path> key = ArbiterSettings.JUDGE_TLS_CLIENT_KEY_PATH;
        if (r.isSet(cert) != r.isSet(key)) {
            r.problem(cert.key() + " and " + key.key() + " must be set together (mutual TLS)");
        }
        for (Setting<Path> identity : List.of(cert, key)) {
            r.value(identity).ifPresent(path -> {
                if (!tls) r.problem(identity.key() + " is set but " + ArbiterSettings.JUDGE_TLS_ENABLED.key() + " is false");
                else if (!Files.isReadable(path)) r.invalid(identity, "must be a readable PEM file");
            });
        }
        r.value(ArbiterSettings.JUDGE_RETRY_BACKOFF_MS).ifPresent(backoff ->
                r.value(ArbiterSettings.JUDGE_RETRY_BACKOFF_MAX_MS).filter(max -> max.compareTo(backoff) < 0).ifPresent(max ->
                        r.invalid(ArbiterSettings.JUDGE_RETRY_BACKOFF_MAX_MS, "must be at least "
                                + ArbiterSettings.JUDGE_RETRY_BACKOFF_MS.key() + " (" + backoff.toMillis() + ")")));
        r.value(ArbiterSettings.DEMO_CANDIDATES_PER_PROMPT).ifPresent(perPrompt ->
                r.value(ArbiterSettings.DEMO_TOTAL_CANDIDATES).filter(total -> total % perPrompt != 0).ifPresent(total ->
                        r.invalid(ArbiterSettings.DEMO_TOTAL_CANDIDATES, "must be a multiple of "
                                + ArbiterSettings.DEMO_CANDIDATES_PER_PROMPT.key() + " (" + perPrompt
                                + ") so that every best-of-N group completes")));
    }

    /** Builds the typed configuration; only called for a configuration without problems. */
    private static ArbiterConfig build(ResolvedSettings r) {
        Mode mode = r.get(ArbiterSettings.MODE);
        KafkaSettings kafka = new KafkaSettings(
                r.value(ArbiterSettings.KAFKA_BOOTSTRAP_SERVERS),
                r.get(ArbiterSettings.KAFKA_APPLICATION_ID),
                r.value(ArbiterSettings.KAFKA_STATE_DIR),
                r.get(ArbiterSettings.KAFKA_NUM_STREAM_THREADS),
                r.get(ArbiterSettings.KAFKA_COMMIT_INTERVAL_MS),
                r.get(ArbiterSettings.KAFKA_REPLICATION_FACTOR),
                r.get(ArbiterSettings.KAFKA_TOPIC_PARTITIONS),
                new TopicNames(
                        r.get(ArbiterSettings.TOPIC_CANDIDATES),
                        r.get(ArbiterSettings.TOPIC_REWARDS),
                        r.get(ArbiterSettings.TOPIC_CRITIQUES),
                        r.get(ArbiterSettings.TOPIC_DEAD_LETTER),
                        r.get(ArbiterSettings.TOPIC_PAIRWISE_REQUESTS),
                        r.get(ArbiterSettings.TOPIC_PAIRWISE_RESULTS),
                        r.get(ArbiterSettings.TOPIC_JUDGE_METRICS),
                        r.get(ArbiterSettings.TOPIC_BEST_OF_N),
                        r.get(ArbiterSettings.TOPIC_PREFERENCE_PAIRS)),
                r.withPrefix(ArbiterSettings.KAFKA_STREAMS_PREFIX),
                r.withPrefix(ArbiterSettings.KAFKA_CLIENT_PREFIX));
        RegistrySettings registry = new RegistrySettings(
                r.value(ArbiterSettings.REGISTRY_URL),
                r.get(ArbiterSettings.REGISTRY_AUTO_REGISTER),
                r.get(ArbiterSettings.REGISTRY_REQUEST_TIMEOUT_MS));
        JudgeSettings judge = new JudgeSettings(
                r.value(ArbiterSettings.JUDGE_TARGET),
                new JudgeSettings.Tls(r.get(ArbiterSettings.JUDGE_TLS_ENABLED), r.value(ArbiterSettings.JUDGE_TLS_TRUST_CERT_PATH),
                        r.value(ArbiterSettings.JUDGE_TLS_CLIENT_CERT_PATH), r.value(ArbiterSettings.JUDGE_TLS_CLIENT_KEY_PATH)),
                r.get(ArbiterSettings.JUDGE_PROFILE),
                r.value(ArbiterSettings.JUDGE_MODEL),
                r.get(ArbiterSettings.JUDGE_DEFAULT_PROTOCOL),
                r.get(ArbiterSettings.JUDGE_DEADLINE_MS),
                r.get(ArbiterSettings.JUDGE_MAX_IN_FLIGHT),
                r.get(ArbiterSettings.JUDGE_MAX_ATTEMPTS),
                r.get(ArbiterSettings.JUDGE_RETRY_BACKOFF_MS),
                r.get(ArbiterSettings.JUDGE_RETRY_BACKOFF_MAX_MS),
                r.get(ArbiterSettings.JUDGE_KEEPALIVE_MS),
                r.get(ArbiterSettings.JUDGE_READINESS_INTERVAL_MS),
                r.get(ArbiterSettings.JUDGE_CIRCUIT_FAILURE_THRESHOLD),
                r.get(ArbiterSettings.JUDGE_CIRCUIT_PROBE_INTERVAL_MS));
        PipelineSettings pipeline = new PipelineSettings(
                r.get(ArbiterSettings.PIPELINE_WINDOW_PER_TASK),
                r.get(ArbiterSettings.PIPELINE_MAX_PENDING_PER_TASK),
                r.get(ArbiterSettings.PIPELINE_BATCH_LINGER_MS),
                r.get(ArbiterSettings.PIPELINE_BATCH_MAX_SIZE),
                r.get(ArbiterSettings.PIPELINE_GROUP_BY_PROMPT),
                r.get(ArbiterSettings.PIPELINE_DRAIN_INTERVAL_MS),
                r.get(ArbiterSettings.PIPELINE_DEDUPE_WINDOW_MS),
                r.get(ArbiterSettings.PIPELINE_MAX_PROMPT_CHARS),
                r.get(ArbiterSettings.PIPELINE_MAX_RESPONSE_CHARS),
                r.get(ArbiterSettings.PIPELINE_MAX_METADATA_CHARS));
        JudgeHealthSettings health = new JudgeHealthSettings(
                r.get(ArbiterSettings.JUDGE_HEALTH_PROBE_RATE),
                r.get(ArbiterSettings.JUDGE_HEALTH_PROBE_PARTNER_TIMEOUT_MS),
                r.get(ArbiterSettings.JUDGE_HEALTH_METRICS_WINDOW_MS));
        GroupSettings bestOfN = new GroupSettings(
                r.get(ArbiterSettings.BEST_OF_N_STRATEGY),
                r.get(ArbiterSettings.BEST_OF_N_MAX_GROUP_SIZE),
                r.get(ArbiterSettings.BEST_OF_N_GROUP_TIMEOUT_MS),
                r.get(ArbiterSettings.BEST_OF_N_GROUP_STREAM_TIMEOUT_MS),
                r.get(ArbiterSettings.BEST_OF_N_CLOSED_GROUP_MEMORY_MS),
                r.get(ArbiterSettings.BEST_OF_N_PAIR_MIN_MARGIN),
                r.get(ArbiterSettings.BEST_OF_N_PAIR_CONFIRMATION));
        HttpSettings http = new HttpSettings(
                r.get(ArbiterSettings.HTTP_ENABLED),
                r.get(ArbiterSettings.HTTP_BIND_ADDRESS),
                r.get(ArbiterSettings.HTTP_PORT));
        DevServerSettings devServer = new DevServerSettings(
                r.get(ArbiterSettings.DEVSERVER_PORT),
                r.get(ArbiterSettings.DEVSERVER_TIME_SCALE),
                r.get(ArbiterSettings.DEVSERVER_PREFILL_TOKENS_PER_SECOND),
                r.get(ArbiterSettings.DEVSERVER_DECODE_STEP_MS),
                r.get(ArbiterSettings.DEVSERVER_MAX_CONCURRENT_SEQUENCES),
                r.get(ArbiterSettings.DEVSERVER_PREFIX_CACHE_TOKENS),
                r.get(ArbiterSettings.DEVSERVER_POSITION_BIAS),
                r.get(ArbiterSettings.DEVSERVER_SEED));
        DemoSettings demo = new DemoSettings(
                r.value(ArbiterSettings.DEMO_ENABLED).orElse(mode == Mode.EMBEDDED),
                r.get(ArbiterSettings.DEMO_PROMPTS_RESOURCE),
                r.get(ArbiterSettings.DEMO_CANDIDATES_PER_PROMPT),
                r.get(ArbiterSettings.DEMO_TOTAL_CANDIDATES),
                r.get(ArbiterSettings.DEMO_RATE_PER_SECOND),
                r.get(ArbiterSettings.DEMO_MALFORMED_EVERY),
                r.get(ArbiterSettings.DEMO_PAIRS_EVERY),
                r.get(ArbiterSettings.DEMO_SEED));
        return new ArbiterConfig(mode, kafka, registry, judge, pipeline, health, bestOfN, http, devServer, demo, r.effective());
    }
}
