package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.RewardStatus;
import dev.arbiter.devserver.testing.TestCertificates;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's {@code arbiter.judge.tls.*} settings end to end: against a judge that serves
 * only mutual TLS, the service verifies the judge with the configured certificate, presents its
 * own, and judges candidates.
 */
@ExtendWith(SharedInfrastructure.class)
class JudgeTlsIntegrationTest {

    @Test
    void serviceJudgesOverMutualTlsConfiguredByProperties(SharedInfrastructure.Parts infra, @TempDir Path state,
                                                          @TempDir Path certs) throws Exception {
        TestCertificates server = TestCertificates.create(certs, "judge-server");
        TestCertificates client = TestCertificates.create(certs, "arbiter-client");
        ServerCredentials mutual = TlsServerCredentials.newBuilder()
                .keyManager(server.keyManagers().getKeyManagers())
                .trustManager(client.certPem().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
        try (JudgeDevServer judge = new JudgeDevServer(JudgeDevServerConfig.instant(), mutual).start()) {
            TestDeployment d = TestDeployment.create("tls", infra, judge.target(), state, Map.of(
                    "arbiter.judge.tls.enabled", "true",
                    "arbiter.judge.tls.trust-cert-path", server.certPem().toString(),
                    "arbiter.judge.tls.client-cert-path", client.certPem().toString(),
                    "arbiter.judge.tls.client-key-path", client.keyPem().toString()));
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(infra.registryUrl()));
            List<CandidateGeneration> candidates = TestCandidates.groups("tls", 2, 4);
            try (ArbiterService service = ArbiterService.start(d.config(), d.endpoints(), new SimpleMeterRegistry());
                 OutputWatcher out = new OutputWatcher(infra.bootstrapServers(), registry, d.rewardsTopic(),
                         d.critiquesTopic(), d.deadLetterTopic(), 100).start();
                 TestProducer producer = TestProducer.connect(infra.bootstrapServers())) {
                producer.sendAllAndConfirm(d.candidatesTopic(), new ConfluentAvroSerializer<>(registry, false),
                        candidates, CandidateGeneration::getPromptId);

                await().atMost(Duration.ofMinutes(1)).until(() -> out.rewardCount() >= candidates.size());
                assertThat(out.rewards()).hasSize(candidates.size())
                        .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(RewardStatus.OK));
                assertThat(judge.stats().served()).as("the judge answered over TLS").isGreaterThanOrEqualTo(candidates.size());
            }
        }
    }
}
