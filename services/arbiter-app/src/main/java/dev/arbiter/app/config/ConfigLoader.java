package dev.arbiter.app.config;

import dev.arbiter.schema.JudgeProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one {@link ArbiterConfig} of a process from its sources, in increasing precedence:
 * the classpath {@code arbiter-defaults.properties}, an optional properties file
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

    /** Classpath resource holding every default. */
    public static final String DEFAULTS_RESOURCE = "arbiter-defaults.properties";
    static final String DEFAULTS_ORIGIN = "defaults";

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String ENV_PREFIX = "ARBITER_";
    private static final Pattern KAFKA_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\s/,\\[\\]]+):(\\d{1,5})");

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
        layerDefaults(values, problems);
        configFile.ifPresent(file -> layerFile(file, values, problems));
        layerEnvironment(values);
        layerSystemProperties(values);
        overrides.forEach((key, value) -> {
            if (acceptExplicit(key, "the command line", problems)) {
                values.put(key, value, "command-line override " + key);
            }
        });
        SettingsReader reader = new SettingsReader(values);
        ArbiterConfig config = build(reader);
        problems.addAll(reader.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private void layerDefaults(ConfigValues values, List<String> problems) {
        Properties defaults = new Properties();
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + DEFAULTS_RESOURCE + " is missing: broken build");
            }
            defaults.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        defaults.stringPropertyNames().forEach(key -> {
            if (acceptExplicit(key, DEFAULTS_RESOURCE, problems)) {
                values.put(key, defaults.getProperty(key), DEFAULTS_ORIGIN);
            }
        });
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
        if (ConfigKeys.isKnown(key)) {
            return true;
        }
        if (!key.startsWith(ConfigKeys.PREFIX)) {
            problems.add(key + " (in " + source + ") is not an Arbiter key: Arbiter keys start with 'arbiter.';"
                    + " Kafka properties go under " + ConfigKeys.KAFKA_CLIENT_PREFIX + " or " + ConfigKeys.KAFKA_STREAMS_PREFIX);
            return false;
        }
        problems.add("unknown configuration key " + key + " (in " + source + ")"
                + ConfigKeys.closest(key).map(k -> "; did you mean " + k + "?").orElse(""));
        return false;
    }

    private void layerEnvironment(ConfigValues values) {
        Set<String> used = new HashSet<>();
        for (String key : ConfigKeys.KNOWN) {
            String name = ConfigKeys.environmentName(key);
            String value = environment.get(name);
            if (value != null) {
                values.put(key, value, "environment variable " + name);
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
        for (String prefix : ConfigKeys.PASS_THROUGH_PREFIXES) {
            String envPrefix = ConfigKeys.environmentName(prefix);
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
                String property = name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                return Optional.of(prefix + property);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> closestEnvironmentName(String name) {
        return ConfigKeys.KNOWN.stream()
                .map(ConfigKeys::environmentName)
                .filter(env -> ConfigKeys.editDistance(env, name) <= 2)
                .min(String::compareTo);
    }

    private void layerSystemProperties(ConfigValues values) {
        systemProperties.stringPropertyNames().stream()
                .filter(key -> key.startsWith(ConfigKeys.PREFIX))
                .sorted()
                .forEach(key -> {
                    if (ConfigKeys.isKnown(key)) {
                        values.put(key, systemProperties.getProperty(key), "JVM system property -D" + key);
                    } else {
                        warnIfTypo(key, ConfigKeys.closest(key), "JVM system property");
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

    private static ArbiterConfig build(SettingsReader r) {
        Mode mode = r.enumValue(ConfigKeys.MODE, Mode.class, EnumSet.allOf(Mode.class), Mode.EMBEDDED);
        KafkaSettings kafka = kafka(r, mode);
        RegistrySettings registry = registry(r, mode);
        JudgeSettings judge = judge(r, mode);
        PipelineSettings pipeline = new PipelineSettings(
                r.positiveInt(ConfigKeys.PIPELINE_WINDOW_PER_TASK),
                r.positiveInt(ConfigKeys.PIPELINE_MAX_PENDING_PER_TASK),
                r.nonNegativeMillis(ConfigKeys.PIPELINE_BATCH_LINGER_MS),
                r.positiveInt(ConfigKeys.PIPELINE_BATCH_MAX_SIZE),
                r.positiveMillis(ConfigKeys.PIPELINE_DRAIN_INTERVAL_MS),
                r.positiveMillis(ConfigKeys.PIPELINE_DEDUPE_WINDOW_MS),
                r.positiveInt(ConfigKeys.PIPELINE_MAX_PROMPT_CHARS),
                r.positiveInt(ConfigKeys.PIPELINE_MAX_RESPONSE_CHARS),
                r.positiveInt(ConfigKeys.PIPELINE_MAX_METADATA_CHARS));
        HttpSettings http = new HttpSettings(
                r.bool(ConfigKeys.HTTP_ENABLED),
                r.requiredString(ConfigKeys.HTTP_BIND_ADDRESS),
                r.intInRange(ConfigKeys.HTTP_PORT, 0, 65_535));
        DevServerSettings devServer = new DevServerSettings(
                r.intInRange(ConfigKeys.DEVSERVER_PORT, 0, 65_535),
                r.doubleInRange(ConfigKeys.DEVSERVER_TIME_SCALE, 0, 1_000),
                r.positiveDouble(ConfigKeys.DEVSERVER_PREFILL_TOKENS_PER_SECOND),
                r.nonNegativeMillis(ConfigKeys.DEVSERVER_DECODE_STEP_MS),
                r.positiveInt(ConfigKeys.DEVSERVER_MAX_CONCURRENT_SEQUENCES),
                r.nonNegativeInt(ConfigKeys.DEVSERVER_PREFIX_CACHE_TOKENS),
                r.doubleInRange(ConfigKeys.DEVSERVER_POSITION_BIAS, 0, 1),
                r.anyLong(ConfigKeys.DEVSERVER_SEED));
        DemoSettings demo = demo(r, mode);
        return new ArbiterConfig(mode, kafka, registry, judge, pipeline, http, devServer, demo);
    }

    private static KafkaSettings kafka(SettingsReader r, Mode mode) {
        Optional<String> bootstrap = requiredWhenExternal(r, mode, ConfigKeys.KAFKA_BOOTSTRAP_SERVERS);
        bootstrap.ifPresent(servers -> {
            for (String server : servers.split(",")) {
                if (!isHostPort(server.trim())) {
                    r.invalid(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, "must be a comma-separated list of host:port");
                    break;
                }
            }
        });
        String applicationId = kafkaName(r, ConfigKeys.KAFKA_APPLICATION_ID);
        KafkaSettings.Topics topics = new KafkaSettings.Topics(
                kafkaName(r, ConfigKeys.TOPIC_CANDIDATES),
                kafkaName(r, ConfigKeys.TOPIC_REWARDS),
                kafkaName(r, ConfigKeys.TOPIC_CRITIQUES),
                kafkaName(r, ConfigKeys.TOPIC_DEAD_LETTER),
                kafkaName(r, ConfigKeys.TOPIC_PAIRWISE_REQUESTS),
                kafkaName(r, ConfigKeys.TOPIC_PAIRWISE_RESULTS));
        List<String> named = List.of(topics.candidates(), topics.rewards(), topics.critiques(), topics.deadLetter(),
                topics.pairwiseRequests(), topics.pairwiseResults());
        if (named.stream().filter(t -> !t.isEmpty()).distinct().count() != named.stream().filter(t -> !t.isEmpty()).count()) {
            r.problem("arbiter.kafka.topics.* must name six different topics, got candidates=" + topics.candidates()
                    + " rewards=" + topics.rewards() + " critiques=" + topics.critiques() + " dead-letter=" + topics.deadLetter()
                    + " pairwise-requests=" + topics.pairwiseRequests() + " pairwise-results=" + topics.pairwiseResults());
        }
        return new KafkaSettings(
                bootstrap,
                applicationId,
                r.optionalPath(ConfigKeys.KAFKA_STATE_DIR),
                r.positiveInt(ConfigKeys.KAFKA_NUM_STREAM_THREADS),
                r.positiveMillis(ConfigKeys.KAFKA_COMMIT_INTERVAL_MS),
                r.intInRange(ConfigKeys.KAFKA_REPLICATION_FACTOR, 1, Short.MAX_VALUE),
                r.positiveInt(ConfigKeys.KAFKA_TOPIC_PARTITIONS),
                topics,
                passThrough(r, ConfigKeys.KAFKA_STREAMS_PREFIX),
                passThrough(r, ConfigKeys.KAFKA_CLIENT_PREFIX));
    }

    private static Map<String, String> passThrough(SettingsReader r, String prefix) {
        Map<String, String> properties = new TreeMap<>();
        r.valuesWithPrefix(prefix).forEach(properties::put);
        return properties;
    }

    private static String kafkaName(SettingsReader r, String key) {
        String name = r.requiredString(key);
        if (!name.isEmpty() && (!KAFKA_NAME.matcher(name).matches() || name.equals(".") || name.equals(".."))) {
            r.invalid(key, "must be a legal Kafka name (letters, digits, '.', '_', '-'; at most 249)");
        }
        return name;
    }

    private static RegistrySettings registry(SettingsReader r, Mode mode) {
        Optional<String> url = requiredWhenExternal(r, mode, ConfigKeys.REGISTRY_URL);
        url.ifPresent(u -> {
            try {
                URI uri = new URI(u);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    r.invalid(ConfigKeys.REGISTRY_URL, "must be an http:// or https:// URL");
                }
            } catch (URISyntaxException e) {
                r.invalid(ConfigKeys.REGISTRY_URL, "must be an http:// or https:// URL");
            }
        });
        return new RegistrySettings(url,
                r.bool(ConfigKeys.REGISTRY_AUTO_REGISTER),
                r.positiveMillis(ConfigKeys.REGISTRY_REQUEST_TIMEOUT_MS));
    }

    private static JudgeSettings judge(SettingsReader r, Mode mode) {
        Optional<String> target = requiredWhenExternal(r, mode, ConfigKeys.JUDGE_TARGET);
        target.ifPresent(t -> {
            if (!isHostPort(t)) r.invalid(ConfigKeys.JUDGE_TARGET, "must be host:port");
        });
        boolean tlsEnabled = r.bool(ConfigKeys.JUDGE_TLS_ENABLED);
        Optional<Path> trust = r.optionalPath(ConfigKeys.JUDGE_TLS_TRUST_CERT_PATH);
        trust.ifPresent(path -> {
            if (!tlsEnabled) {
                r.problem(ConfigKeys.JUDGE_TLS_TRUST_CERT_PATH + " is set to '" + path + "' but "
                        + ConfigKeys.JUDGE_TLS_ENABLED + " is false; enable TLS or remove the certificate");
            } else if (!Files.isReadable(path)) {
                r.invalid(ConfigKeys.JUDGE_TLS_TRUST_CERT_PATH, "must be a readable PEM file");
            }
        });
        Optional<Path> clientCert = r.optionalPath(ConfigKeys.JUDGE_TLS_CLIENT_CERT_PATH);
        Optional<Path> clientKey = r.optionalPath(ConfigKeys.JUDGE_TLS_CLIENT_KEY_PATH);
        if (clientCert.isPresent() != clientKey.isPresent()) {
            r.problem(ConfigKeys.JUDGE_TLS_CLIENT_CERT_PATH + " and " + ConfigKeys.JUDGE_TLS_CLIENT_KEY_PATH
                    + " must be set together (mutual TLS)");
        }
        for (var entry : java.util.Map.of(ConfigKeys.JUDGE_TLS_CLIENT_CERT_PATH, clientCert,
                ConfigKeys.JUDGE_TLS_CLIENT_KEY_PATH, clientKey).entrySet()) {
            entry.getValue().ifPresent(path -> {
                if (!tlsEnabled) r.problem(entry.getKey() + " is set but " + ConfigKeys.JUDGE_TLS_ENABLED + " is false");
                else if (!Files.isReadable(path)) r.invalid(entry.getKey(), "must be a readable PEM file");
            });
        }
        Duration backoff = r.nonNegativeMillis(ConfigKeys.JUDGE_RETRY_BACKOFF_MS);
        Duration backoffMax = r.positiveMillis(ConfigKeys.JUDGE_RETRY_BACKOFF_MAX_MS);
        if (backoffMax.compareTo(backoff) < 0) {
            r.invalid(ConfigKeys.JUDGE_RETRY_BACKOFF_MAX_MS,
                    "must be at least " + ConfigKeys.JUDGE_RETRY_BACKOFF_MS + " (" + backoff.toMillis() + ")");
        }
        return new JudgeSettings(
                target,
                new JudgeSettings.Tls(tlsEnabled, trust, clientCert, clientKey),
                r.requiredString(ConfigKeys.JUDGE_PROFILE),
                r.optionalString(ConfigKeys.JUDGE_MODEL),
                r.enumValue(ConfigKeys.JUDGE_DEFAULT_PROTOCOL, JudgeProtocol.class,
                        EnumSet.complementOf(EnumSet.of(JudgeProtocol.DEFAULT)), JudgeProtocol.SINGLE),
                r.positiveMillis(ConfigKeys.JUDGE_DEADLINE_MS),
                r.positiveInt(ConfigKeys.JUDGE_MAX_IN_FLIGHT),
                r.positiveInt(ConfigKeys.JUDGE_MAX_ATTEMPTS),
                backoff,
                backoffMax,
                r.positiveMillis(ConfigKeys.JUDGE_KEEPALIVE_MS));
    }

    private static DemoSettings demo(SettingsReader r, Mode mode) {
        boolean enabled = r.optionalBool(ConfigKeys.DEMO_ENABLED).orElse(mode == Mode.EMBEDDED);
        int perPrompt = r.positiveInt(ConfigKeys.DEMO_CANDIDATES_PER_PROMPT);
        long total = r.nonNegativeLong(ConfigKeys.DEMO_TOTAL_CANDIDATES);
        if (total % perPrompt != 0) {
            r.invalid(ConfigKeys.DEMO_TOTAL_CANDIDATES, "must be a multiple of " + ConfigKeys.DEMO_CANDIDATES_PER_PROMPT
                    + " (" + perPrompt + ") so that every best-of-N group completes");
        }
        return new DemoSettings(
                enabled,
                r.requiredString(ConfigKeys.DEMO_PROMPTS_RESOURCE),
                perPrompt,
                total,
                r.positiveDouble(ConfigKeys.DEMO_RATE_PER_SECOND),
                r.nonNegativeInt(ConfigKeys.DEMO_MALFORMED_EVERY),
                r.nonNegativeInt(ConfigKeys.DEMO_PAIRS_EVERY),
                r.anyLong(ConfigKeys.DEMO_SEED));
    }

    private static Optional<String> requiredWhenExternal(SettingsReader r, Mode mode, String key) {
        Optional<String> value = r.optionalString(key);
        if (value.isEmpty() && mode == Mode.EXTERNAL) {
            r.problem(key + " is required when " + ConfigKeys.MODE + " is external (set "
                    + ConfigKeys.environmentName(key) + " or " + key + ")");
        }
        return value;
    }

    private static boolean isHostPort(String value) {
        var m = HOST_PORT.matcher(value);
        if (!m.matches()) return false;
        int port = Integer.parseInt(m.group(2));
        return port >= 1 && port <= 65_535;
    }
}
