package dev.arbiter.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.arbiter.schema.JudgeProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final Map<String, String> EXTERNAL = Map.of(
            "arbiter.mode", "external",
            "arbiter.kafka.bootstrap-servers", "kafka-0:9092,kafka-1:9092",
            "arbiter.registry.url", "http://registry:8081",
            "arbiter.judge.target", "triton:8001");

    @Test
    void defaultsAloneGiveAnEmbeddedConfigWithTheDocumentedValues() {
        ArbiterConfig config = ConfigLoader.isolated().load(Optional.empty(), Map.of());

        assertThat(config.mode()).isEqualTo(Mode.EMBEDDED);
        assertThat(config.kafka().applicationId()).isEqualTo("arbiter");
        assertThat(config.kafka().bootstrapServers()).isEmpty();
        assertThat(config.kafka().numStreamThreads()).isEqualTo(1);
        assertThat(config.kafka().commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.kafka().replicationFactor()).isEqualTo(1);
        assertThat(config.kafka().topicPartitions()).isEqualTo(3);
        assertThat(config.kafka().topics()).isEqualTo(new dev.arbiter.streams.topics.TopicNames(
                "arbiter.candidates.v1", "arbiter.rewards.v1", "arbiter.critiques.v1", "arbiter.dead-letter.v1",
                "arbiter.pairwise-requests.v1", "arbiter.pairwise-results.v1", "arbiter.judge-metrics.v1",
                "arbiter.best-of-n.v1", "arbiter.preference-pairs.v1")).isEqualTo(dev.arbiter.streams.topics.TopicNames.DEFAULTS);
        assertThat(config.registry().autoRegister()).isTrue();
        assertThat(config.judge().profile()).isEqualTo("auto-j-13b-gptq");
        assertThat(config.judge().model()).isEmpty();
        assertThat(config.judge().defaultProtocol()).isEqualTo(JudgeProtocol.SINGLE);
        assertThat(config.judge().deadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.judge().maxInFlight()).isEqualTo(64);
        assertThat(config.judge().maxAttempts()).isEqualTo(8);
        assertThat(config.judge().retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.judge().retryBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.pipeline()).isEqualTo(new PipelineSettings(2000, 100_000, Duration.ofMillis(5), 32, true, Duration.ofMillis(20), Duration.ofHours(24),
                65_536, 65_536, 16_384));
        assertThat(config.bestOfN()).isEqualTo(new dev.arbiter.streams.bestofn.GroupSettings(
                dev.arbiter.streams.bestofn.SelectionStrategy.ARGMAX, 64, Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofDays(1), 0.1, false));
        assertThat(config.health()).isEqualTo(new JudgeHealthSettings(0.05, Duration.ofMinutes(10), Duration.ofMinutes(1)));
        assertThat(config.http()).isEqualTo(new HttpSettings(true, "0.0.0.0", 8080));
        assertThat(config.demo().enabled()).isTrue();
        assertThat(config.demo().candidatesPerPrompt()).isEqualTo(4);
        assertThat(config.demo().totalCandidates()).isEqualTo(400);
        assertThat(config.demo().ratePerSecond()).isEqualTo(100.0);
        assertThat(config.demo().malformedEvery()).isEqualTo(50);
    }

    @Test
    void eachSourceOverridesTheOnesBelowIt() throws IOException {
        Path file = write("arbiter.judge.max-in-flight=10\narbiter.judge.max-attempts=3\narbiter.judge.profile=from-file\n"
                + "arbiter.pipeline.batch-max-size=7\n");
        Map<String, String> env = Map.of("ARBITER_JUDGE_MAX_IN_FLIGHT", "20", "ARBITER_JUDGE_MAX_ATTEMPTS", "4",
                "ARBITER_PIPELINE_BATCH_MAX_SIZE", "9");
        Properties jvm = new Properties();
        jvm.setProperty("arbiter.judge.max-in-flight", "30");
        jvm.setProperty("arbiter.pipeline.batch-max-size", "11");

        ArbiterConfig config = new ConfigLoader(env, jvm)
                .load(Optional.of(file), Map.of("arbiter.judge.max-in-flight", "40"));

        assertThat(config.judge().profile()).as("file over defaults").isEqualTo("from-file");
        assertThat(config.judge().maxAttempts()).as("environment over file").isEqualTo(4);
        assertThat(config.pipeline().batchMaxSize()).as("JVM property over environment").isEqualTo(11);
        assertThat(config.judge().maxInFlight()).as("explicit override over everything").isEqualTo(40);
        assertThat(config.judge().retryBackoff()).as("untouched default").isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void environmentVariableNamesAreUpperCaseWithDotsAndDashesAsUnderscores() {
        assertThat(ArbiterSettings.KAFKA_BOOTSTRAP_SERVERS.environmentName()).isEqualTo("ARBITER_KAFKA_BOOTSTRAP_SERVERS");
        Map<String, String> env = Map.of(
                "ARBITER_MODE", "EXTERNAL",
                "ARBITER_KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "ARBITER_REGISTRY_URL", "https://registry.example:8081",
                "ARBITER_JUDGE_TARGET", "triton.example:8001",
                "ARBITER_JUDGE_TLS_ENABLED", "true",
                "ARBITER_KAFKA_TOPICS_DEAD_LETTER", "custom.dlq");

        ArbiterConfig config = new ConfigLoader(env, new Properties()).load(Optional.empty(), Map.of());

        assertThat(config.mode()).isEqualTo(Mode.EXTERNAL);
        assertThat(config.kafka().bootstrapServers()).contains("broker:9092");
        assertThat(config.registry().url()).contains("https://registry.example:8081");
        assertThat(config.judge().target()).contains("triton.example:8001");
        assertThat(config.judge().tls().enabled()).isTrue();
        assertThat(config.kafka().topics().deadLetter()).isEqualTo("custom.dlq");
        assertThat(config.demo().enabled()).as("demo is off by default in external mode").isFalse();
    }

    @Test
    void passThroughKeysReachKafkaVerbatimFromFileAndEnvironment() throws IOException {
        Path file = write("arbiter.kafka.client.security.protocol=SASL_SSL\n"
                + "arbiter.kafka.client.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required;\n"
                + "arbiter.kafka.streams.num.standby.replicas=1\n"
                + "arbiter.kafka.streams.security.protocol=SSL\n");
        Map<String, String> env = Map.of("ARBITER_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN",
                "ARBITER_KAFKA_STREAMS_TOPOLOGY_OPTIMIZATION", "all");

        KafkaSettings kafka = new ConfigLoader(env, new Properties()).load(Optional.of(file), Map.of()).kafka();

        assertThat(kafka.clientProperties()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"),
                Map.entry("sasl.mechanism", "PLAIN"));
        assertThat(kafka.streamsProperties()).containsOnly(
                Map.entry("num.standby.replicas", "1"),
                Map.entry("security.protocol", "SSL"),
                Map.entry("topology.optimization", "all"));
        assertThat(kafka.streamsPassThrough())
                .as("a Streams-specific value wins over the general client one")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void badValueMessageNamesTheKeyTheValueAndWhereItCameFrom() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () ->
                new ConfigLoader(Map.of("ARBITER_JUDGE_MAX_IN_FLIGHT", "abc"), new Properties())
                        .load(Optional.empty(), Map.of()));

        assertThat(e.problems()).containsExactly(
                "arbiter.judge.max-in-flight must be a positive integer, got 'abc'"
                        + " (set by environment variable ARBITER_JUDGE_MAX_IN_FLIGHT)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.isolated().load(Optional.empty(), Map.of(
                "arbiter.judge.max-in-flight", "0",
                "arbiter.http.port", "70000",
                "arbiter.registry.auto-register", "yes",
                "arbiter.mode", "cloud",
                "arbiter.devserver.position-bias", "1.5",
                "arbiter.demo.rate-per-second", "-3")));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "arbiter.judge.max-in-flight must be a positive integer, got '0' (set by command-line override arbiter.judge.max-in-flight)",
                "arbiter.http.port must be an integer from 0 to 65535, got '70000' (set by command-line override arbiter.http.port)",
                "arbiter.registry.auto-register must be true or false, got 'yes' (set by command-line override arbiter.registry.auto-register)",
                "arbiter.mode must be one of embedded, external, got 'cloud' (set by command-line override arbiter.mode)",
                "arbiter.devserver.position-bias must be a number from 0 to 1, got '1.5' (set by command-line override arbiter.devserver.position-bias)",
                "arbiter.demo.rate-per-second must be a positive number, got '-3' (set by command-line override arbiter.demo.rate-per-second)");
        assertThat(e.getMessage()).startsWith("invalid configuration (6 problems):");
    }

    @Test
    void unknownKeyInTheFileIsRejectedWithTheProbableIntendedKey() throws IOException {
        Path file = write("arbiter.judge.max-inflight=12\n");

        assertThatThrownBy(() -> ConfigLoader.isolated().load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key arbiter.judge.max-inflight (in config file " + file + ")")
                .hasMessageContaining("did you mean arbiter.judge.max-in-flight?");
    }

    @Test
    void unknownKeyInOverridesAndNonArbiterKeyInFileAreRejected() throws IOException {
        Path file = write("bootstrap.servers=localhost:9092\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.isolated()
                .load(Optional.of(file), Map.of("arbiter.frobnicate", "1")));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).startsWith("bootstrap.servers (in config file " + file + ") is not an Arbiter key")
                .contains("arbiter.kafka.client.");
        assertThat(e.problems().get(1)).isEqualTo("unknown configuration key arbiter.frobnicate (in the command line)");
    }

    @Test
    void unrelatedArbiterEnvironmentVariablesAndJvmPropertiesAreIgnored() {
        Properties jvm = new Properties();
        jvm.setProperty("arbiter.apicurio.jar", "/somewhere/runner.jar");
        Map<String, String> env = Map.of("ARBITER_REQUIRE_PYTHON_INTEROP", "true", "ARBITER_HOME", "/opt/arbiter");

        ArbiterConfig config = new ConfigLoader(env, jvm).load(Optional.empty(), Map.of());

        assertThat(config.mode()).isEqualTo(Mode.EMBEDDED);
    }

    @Test
    void externalModeRequiresKafkaRegistryAndJudgeAddresses() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () ->
                ConfigLoader.isolated().load(Optional.empty(), Map.of("arbiter.mode", "external")));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "arbiter.kafka.bootstrap-servers is required when arbiter.mode is external (set ARBITER_KAFKA_BOOTSTRAP_SERVERS or arbiter.kafka.bootstrap-servers)",
                "arbiter.registry.url is required when arbiter.mode is external (set ARBITER_REGISTRY_URL or arbiter.registry.url)",
                "arbiter.judge.target is required when arbiter.mode is external (set ARBITER_JUDGE_TARGET or arbiter.judge.target)");
        assertThat(ConfigLoader.isolated().load(Optional.empty(), EXTERNAL).kafka().bootstrapServers())
                .contains("kafka-0:9092,kafka-1:9092");
    }

    @Test
    void addressesAndUrlsAreCheckedForShape() {
        Map<String, String> bad = new java.util.HashMap<>(EXTERNAL);
        bad.put("arbiter.kafka.bootstrap-servers", "kafka-0:9092,kafka-1");
        bad.put("arbiter.registry.url", "registry:8081");
        bad.put("arbiter.judge.target", "triton:99999");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.isolated().load(Optional.empty(), bad));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "arbiter.kafka.bootstrap-servers must be a comma-separated list of host:port, got 'kafka-0:9092,kafka-1' (set by command-line override arbiter.kafka.bootstrap-servers)",
                "arbiter.registry.url must be an http:// or https:// URL, got 'registry:8081' (set by command-line override arbiter.registry.url)",
                "arbiter.judge.target must be host:port, got 'triton:99999' (set by command-line override arbiter.judge.target)");
    }

    @Test
    void crossFieldRulesAreEnforced() throws IOException {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.isolated().load(Optional.empty(), Map.of(
                "arbiter.demo.total-candidates", "402",
                "arbiter.judge.retry-backoff-ms", "5000",
                "arbiter.judge.retry-backoff-max-ms", "1000",
                "arbiter.judge.default-protocol", "default",
                "arbiter.judge.tls.trust-cert-path", dir.resolve("ca.pem").toString(),
                "arbiter.kafka.topics.rewards", "arbiter.candidates.v1")));

        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage())
                .contains("arbiter.demo.total-candidates must be a multiple of arbiter.demo.candidates-per-prompt (4)")
                .contains("arbiter.judge.retry-backoff-max-ms must be at least arbiter.judge.retry-backoff-ms (5000), got '1000'")
                .contains("arbiter.judge.default-protocol must be one of single, reference_guided, additive, got 'default'")
                .contains("arbiter.judge.tls.trust-cert-path is set to '" + dir.resolve("ca.pem") + "' but arbiter.judge.tls.enabled is false")
                .contains("arbiter.kafka.topics.* must name nine different topics");
    }

    @Test
    void enumValuesAcceptAnyCaseAndDashes() {
        ArbiterConfig config = ConfigLoader.isolated().load(Optional.empty(),
                Map.of("arbiter.judge.default-protocol", "Reference-Guided", "arbiter.mode", "EMBEDDED"));

        assertThat(config.judge().defaultProtocol()).isEqualTo(JudgeProtocol.REFERENCE_GUIDED);
    }

    @Test
    void demoCanBeForcedOnInExternalModeAndOffInEmbeddedMode() {
        Map<String, String> externalWithDemo = new java.util.HashMap<>(EXTERNAL);
        externalWithDemo.put("arbiter.demo.enabled", "true");

        assertThat(ConfigLoader.isolated().load(Optional.empty(), externalWithDemo).demo().enabled()).isTrue();
        assertThat(ConfigLoader.isolated().load(Optional.empty(), Map.of("arbiter.demo.enabled", "false")).demo().enabled()).isFalse();
    }

    @Test
    void missingConfigFileIsReported() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ConfigLoader.isolated().load(Optional.of(missing), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration: config file " + missing + " does not exist or is not a regular file");
    }

    @Test
    void describeShowsEffectiveValuesAndMasksSecrets() {
        Map<String, String> overrides = new java.util.HashMap<>(EXTERNAL);
        overrides.put("arbiter.registry.url", "https://svc:hunter2@registry:8081");
        overrides.put("arbiter.kafka.client.sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"hunter2\";");
        overrides.put("arbiter.kafka.client.ssl.truststore.password", "hunter2");
        overrides.put("arbiter.kafka.client.security.protocol", "SASL_SSL");

        String described = ConfigLoader.isolated().load(Optional.empty(), overrides).describe();

        assertThat(described).startsWith("Arbiter configuration (external mode):")
                .contains("arbiter.judge.max-in-flight")
                .containsPattern("arbiter\\.kafka\\.client\\.security\\.protocol +\\= SASL_SSL")
                .containsPattern("arbiter\\.registry\\.url +\\= https://\\*\\*\\*\\*\\*\\*@registry:8081")
                .containsPattern("arbiter\\.kafka\\.client\\.ssl\\.truststore\\.password +\\= \\*\\*\\*\\*\\*\\*")
                .doesNotContain("hunter2");
    }

    @Test
    void everyDefaultParsesUnderItsOwnRuleAndEveryKeyIsDefinedOnce() {
        assertThat(ArbiterSettings.ALL).extracting(Setting::key).doesNotHaveDuplicates().allSatisfy(key ->
                assertThat(ArbiterSettings.isKnown(key)).isTrue());
        assertThat(ArbiterSettings.ALL).filteredOn(s -> !s.optional())
                .allSatisfy(s -> assertThat(s.type().parse(s.defaultValue())).as(s.key()).isPresent());
        assertThat(ArbiterSettings.ALL).filteredOn(Setting::optional)
                .allSatisfy(s -> assertThat(s.whenUnset()).as(s.key()).isNotBlank());
    }

    @Test
    void aBadValueLeavesNoPlaceholderBehindAndCrossKeyRulesSkipKeysThatDidNotParse() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.isolated().load(Optional.empty(), Map.of(
                "arbiter.demo.candidates-per-prompt", "zero",
                "arbiter.demo.total-candidates", "402")));

        assertThat(e.problems()).as("no multiple-of rule against a group size that did not parse").containsExactly(
                "arbiter.demo.candidates-per-prompt must be a positive integer, got 'zero' (set by command-line override arbiter.demo.candidates-per-prompt)");
    }

    @Test
    void aSecretSettingIsNeverPrinted() {
        Setting<String> secret = new Setting<>(Setting.Section.REGISTRY, "arbiter.registry.token", ValueTypes.text(), "",
                "no token", "a credential", true);
        assertThat(secret.secret()).isTrue();
        assertThat(ConfigReference.table(List.of(secret))).contains("(secret: never printed)");
        assertThat(ConfigLoader.isolated().load(Optional.empty(), Map.of()).describe())
                .as("no dedicated key holds a credential today; the pass-through ones are masked by name")
                .doesNotContain(SecretMask.MASK);
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "arbiter", ".properties");
        Files.writeString(file, content);
        return file;
    }
}
