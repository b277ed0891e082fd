package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security on real parts: a broker of the test's own gets a SASL_SSL listener (SASL PLAIN
 * over TLS with a certificate made in the test by keytool) next to a PLAINTEXT one that only the
 * test's tools and the broker itself use. The service, given the security settings as
 * {@code arbiter.kafka.client.*} properties, judges over SASL_SSL; given a wrong password, it
 * refuses to start with an error that names the credentials.
 */
@ExtendWith(SharedInfrastructure.class)
class KafkaSecurityIntegrationTest {

    private static final String PASSWORD = "arbiter-secret";

    @Test
    void theServiceJudgesOverSaslSslWithTheRightCredentialsAndNamesTheProblemWithWrongOnes(
            SharedInfrastructure.Parts infra, @TempDir Path state, @TempDir Path certs, @TempDir Path logs) throws Exception {
        TestCertificates broker = TestCertificates.create(certs, "kafka-broker");
        int plain = freePort();
        int secure = freePort();
        int controller = freePort();
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withLogDir(logs).withPort(plain).withControllerPort(controller)
                .withBrokerProperty("listeners", "PLAINTEXT://localhost:" + plain + ",SASL_SSL://localhost:" + secure
                        + ",CONTROLLER://localhost:" + controller)
                .withBrokerProperty("advertised.listeners", "PLAINTEXT://localhost:" + plain + ",SASL_SSL://localhost:" + secure)
                .withBrokerProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT")
                .withBrokerProperty("sasl.enabled.mechanisms", "PLAIN")
                .withBrokerProperty("listener.name.sasl_ssl.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_arbiter=\"" + PASSWORD + "\";")
                .withBrokerProperty("listener.name.sasl_ssl.ssl.keystore.location", broker.keyStore().toString())
                .withBrokerProperty("listener.name.sasl_ssl.ssl.keystore.password", "changeit")
                .withBrokerProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(config).start(); DevJudge judge = DevJudge.fast()) {
            String secureBootstrap = "localhost:" + secure;
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));

            TestDeployment good = deployment("sasl", infra, kafka, secureBootstrap, judge, state.resolve("good"), PASSWORD, broker);
            List<CandidateGeneration> candidates = TestCandidates.groups("sasl", 5, 4);
            try (ArbiterService service = ArbiterService.start(good.config(), good.endpoints(), new SimpleMeterRegistry());
                 OutputWatcher out = new OutputWatcher(kafka.bootstrapServers(), registry, good.rewardsTopic(),
                         good.critiquesTopic(), good.deadLetterTopic(), candidates.size()).start();
                 TestProducer producer = TestProducer.connect(kafka.bootstrapServers())) {
                producer.sendAllAndConfirm(good.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);
                org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                        .until(() -> out.rewardsPerCandidate().size() == candidates.size());
                ExactlyOnce.assertOneRewardAndCritiquePerCandidate(out, candidates);
            }

            TestDeployment wrong = deployment("sasl-wrong", infra, kafka, secureBootstrap, judge, state.resolve("wrong"),
                    "not-the-password", broker);
            assertThatThrownBy(() -> ArbiterService.start(wrong.config(), wrong.endpoints(), new SimpleMeterRegistry()).close())
                    .hasStackTraceContaining("refused the service's credentials")
                    .hasStackTraceContaining("sasl.jaas.config");
        }
    }

    private static TestDeployment deployment(String name, SharedInfrastructure.Parts infra, EmbeddedKafkaBroker kafka,
                                             String bootstrap, DevJudge judge, Path state, String password,
                                             TestCertificates broker) {
        TestDeployment base = TestDeployment.create(name, infra, judge.target(), state, Map.of());
        Map<String, String> s = new HashMap<>(base.settings());
        s.put("arbiter.kafka.bootstrap-servers", bootstrap);
        s.put("arbiter.kafka.client.security.protocol", "SASL_SSL");
        s.put("arbiter.kafka.client.sasl.mechanism", "PLAIN");
        s.put("arbiter.kafka.client.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"arbiter\" password=\"" + password + "\";");
        s.put("arbiter.kafka.client.ssl.truststore.type", "PEM");
        s.put("arbiter.kafka.client.ssl.truststore.location", broker.certPem().toString());
        return new TestDeployment(name, new Endpoints(bootstrap, infra.registryUrl(), judge.target()), state, Map.copyOf(s));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
