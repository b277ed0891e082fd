package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.Endpoints;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.devserver.testing.TestCertificates;
import dev.arbiter.kafka.embedded.EmbeddedKafkaBroker;
import dev.arbiter.kafka.embedded.EmbeddedKafkaConfig;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security on real parts: a broker of the test's own gets a SASL_SSL listener (SASL PLAIN
 * over TLS with a certificate made in the test by keytool) next to a PLAINTEXT one that only the
 * test's tools and the broker itself use. The service, given the security settings as
 * {@code arbiter.kafka.client.*} properties, judges over SASL_SSL, with the password written into
 * its configuration or read through Kafka's own config providers (so the configuration holds
 * only a reference): from a properties file ({@link FileConfigProvider}) or from a directory laid
 * out as a mounted Kubernetes Secret ({@link DirectoryConfigProvider}, as the Helm chart sets it
 * up). Given a wrong password, or a secrets file that is not there, it refuses to start with an
 * error that names the problem.
 */
@ExtendWith(SharedInfrastructure.class)
class KafkaSecurityIntegrationTest {

    private static final String PASSWORD = "arbiter-secret";

    @TempDir
    static Path dir;

    private static TestCertificates brokerCertificate;
    private static EmbeddedKafkaBroker kafka;
    private static DevJudge judge;
    private static String secureBootstrap;

    @BeforeAll
    static void startBrokerWithASaslSslListener() throws Exception {
        brokerCertificate = TestCertificates.create(Files.createDirectories(dir.resolve("certs")), "kafka-broker");
        int plain = freePort();
        int secure = freePort();
        int controller = freePort();
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withLogDir(Files.createDirectories(dir.resolve("logs")))
                .withPort(plain).withControllerPort(controller)
                .withBrokerProperty("listeners", "PLAINTEXT://localhost:" + plain + ",SASL_SSL://localhost:" + secure
                        + ",CONTROLLER://localhost:" + controller)
                .withBrokerProperty("advertised.listeners", "PLAINTEXT://localhost:" + plain + ",SASL_SSL://localhost:" + secure)
                .withBrokerProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT")
                .withBrokerProperty("sasl.enabled.mechanisms", "PLAIN")
                .withBrokerProperty("listener.name.sasl_ssl.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_arbiter=\"" + PASSWORD + "\";")
                .withBrokerProperty("listener.name.sasl_ssl.ssl.keystore.location", brokerCertificate.keyStore().toString())
                .withBrokerProperty("listener.name.sasl_ssl.ssl.keystore.password", "changeit")
                .withBrokerProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        kafka = new EmbeddedKafkaBroker(config).start();
        judge = DevJudge.fast();
        secureBootstrap = "localhost:" + secure;
    }

    @AfterAll
    static void stop() {
        try {
            if (judge != null) judge.close();
        } finally {
            if (kafka != null) kafka.close();
        }
    }

    @Test
    void theServiceJudgesOverSaslSslWithTheRightCredentials(SharedInfrastructure.Parts infra) throws Exception {
        judgesFiveGroupsExactlyOnce(infra, deployment("sasl", infra, Map.of("sasl.jaas.config", jaas(PASSWORD))));
    }

    @Test
    void aWrongPasswordStopsStartUpWithAnErrorNamingTheCredentials(SharedInfrastructure.Parts infra) {
        TestDeployment wrong = deployment("sasl-wrong", infra, Map.of("sasl.jaas.config", jaas("not-the-password")));
        assertThatThrownBy(() -> ArbiterService.start(wrong.config(), wrong.endpoints(), new SimpleMeterRegistry()).close())
                .hasStackTraceContaining("refused the service's credentials")
                .hasStackTraceContaining("sasl.jaas.config");
    }

    @Test
    void thePasswordCanComeFromASecretsFileThroughKafkasFileConfigProvider(SharedInfrastructure.Parts infra) throws Exception {
        Path secrets = dir.resolve("kafka-secrets.properties");
        // A properties file with one entry, as a secrets manager or an init container would write it.
        Files.writeString(secrets, "jaas=" + jaas(PASSWORD) + "\n");
        judgesFiveGroupsExactlyOnce(infra, deployment("sasl-file", infra, fileProvided(secrets)));
    }

    @Test
    void thePasswordCanComeFromAMountedSecretThroughKafkasDirectoryConfigProvider(SharedInfrastructure.Parts infra) throws Exception {
        // The layout of a Kubernetes Secret volume, and the alias and class the Helm chart registers (kafka.secretsFrom).
        Path mounted = Files.createDirectories(dir.resolve("kafka-secrets"));
        Files.writeString(mounted.resolve("jaas"), jaas(PASSWORD));
        judgesFiveGroupsExactlyOnce(infra, deployment("sasl-dir", infra, Map.of(
                "config.providers", "secrets",
                "config.providers.secrets.class", DirectoryConfigProvider.class.getName(),
                "sasl.jaas.config", "${secrets:" + mounted + ":jaas}")));
    }

    @Test
    void aSecretsFileThatIsNotThereStopsStartUpNamingTheFile(SharedInfrastructure.Parts infra) {
        Path missing = dir.resolve("not-mounted.properties");
        TestDeployment d = deployment("sasl-missing-file", infra, fileProvided(missing));
        assertThatThrownBy(() -> ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry()).close())
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("arbiter.kafka.client.");
    }

    private static void judgesFiveGroupsExactlyOnce(SharedInfrastructure.Parts infra, TestDeployment d) throws Exception {
        SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
        List<CandidateGeneration> candidates = TestCandidates.groups(d.name(), 5, 4);
        try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry());
             OutputWatcher out = new OutputWatcher(kafka.bootstrapServers(), registry, d.rewardsTopic(),
                     d.critiquesTopic(), d.deadLetterTopic(), candidates.size()).start();
             TestProducer producer = TestProducer.connect(kafka.bootstrapServers())) {
            producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                    candidates, CandidateGeneration::getPromptId);
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> out.rewardsPerCandidate().size() == candidates.size());
            ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, candidates);
        }
    }

    private static Map<String, String> fileProvided(Path secrets) {
        return Map.of(
                "config.providers", "file",
                "config.providers.file.class", FileConfigProvider.class.getName(),
                "sasl.jaas.config", "${file:" + secrets + ":jaas}");
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"arbiter\" password=\"" + password + "\";";
    }

    /** A deployment on the SASL_SSL listener; {@code client} are further {@code arbiter.kafka.client.*} properties. */
    private static TestDeployment deployment(String name, SharedInfrastructure.Parts infra, Map<String, String> client) {
        Path state = dir.resolve("state-" + name);
        TestDeployment base = TestDeployment.create(name, infra, judge.target(), state, Map.of());
        Map<String, String> s = new HashMap<>(base.settings());
        s.put("arbiter.kafka.bootstrap-servers", secureBootstrap);
        s.put("arbiter.kafka.client.security.protocol", "SASL_SSL");
        s.put("arbiter.kafka.client.sasl.mechanism", "PLAIN");
        s.put("arbiter.kafka.client.ssl.truststore.type", "PEM");
        s.put("arbiter.kafka.client.ssl.truststore.location", brokerCertificate.certPem().toString());
        client.forEach((k, v) -> s.put("arbiter.kafka.client." + k, v));
        return new TestDeployment(name, new Endpoints(secureBootstrap, infra.registryUrl(), judge.target()), state, Map.copyOf(s));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
