package dev.arbiter.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.devserver.testing.TestCertificates;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc;
import dev.arbiter.triton.proto.ServerLiveRequest;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.arbiter.triton.repository.ModelRepository;

class JudgeDevServerMainTest {

    @Test
    void optionsSetPortModelRepositoryCostAndBias() {
        JudgeDevServerConfig c = JudgeDevServerMain.config(JudgeDevServerMain.options(new String[] {
                "--port", "0", "--model-repository", "../../triton-models", "--time-scale", "0.5",
                "--max-concurrent-sequences", "4", "--position-bias", "0.3", "--decoupled", "false"}));
        assertThat(c.port()).isZero();
        assertThat(c.models()).contains("auto-j-13b-gptq", "all-minilm-l6-v2-q");
        assertThat(c.repository().root()).isPresent();
        assertThat(c.cost().timeScale()).isEqualTo(0.5);
        assertThat(c.cost().maxConcurrentSequences()).isEqualTo(4);
        assertThat(c.positionBias()).isEqualTo(0.3);
        assertThat(ModelRepository.decoupled(c.repository().model("auto-j-13b-gptq").orElseThrow()))
                .as("--decoupled false serves the vLLM models for unary calls").isFalse();
        assertThat(JudgeDevServerMain.config(Map.of()).models()).as("the bundled repository by default")
                .isEqualTo(c.models());
    }

    @Test
    void withoutTlsOptionsTheServerIsPlaintextAndHalfATlsPairIsRefused() {
        assertThat(JudgeDevServerMain.credentials(Map.of())).isInstanceOf(InsecureServerCredentials.class);
        assertThatThrownBy(() -> JudgeDevServerMain.credentials(Map.of("tls-cert", "server.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> JudgeDevServerMain.credentials(Map.of("tls-client-ca", "ca.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-cert");
    }

    @Test
    void tlsOptionsServeTlsAndAClientCaOptionDemandsAClientCertificate(@TempDir Path dir) throws Exception {
        TestCertificates server = TestCertificates.create(dir, "judge-server");
        TestCertificates client = TestCertificates.create(dir, "arbiter-client");
        Map<String, String> tls = Map.of("tls-cert", server.certPem().toString(), "tls-key", server.keyPem().toString());
        ChannelCredentials trusting = TlsChannelCredentials.newBuilder().trustManager(server.certPem().toFile()).build();

        try (JudgeDevServer s = new JudgeDevServer(JudgeDevServerConfig.instant(), JudgeDevServerMain.credentials(tls)).start()) {
            assertThat(live(s, trusting)).isTrue();
        }

        Map<String, String> mutual = new java.util.HashMap<>(tls);
        mutual.put("tls-client-ca", client.certPem().toString());
        try (JudgeDevServer s = new JudgeDevServer(JudgeDevServerConfig.instant(), JudgeDevServerMain.credentials(mutual)).start()) {
            assertThatThrownBy(() -> live(s, trusting)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            ChannelCredentials identified = TlsChannelCredentials.newBuilder().trustManager(server.certPem().toFile())
                    .keyManager(client.certPem().toFile(), client.keyPem().toFile()).build();
            assertThat(live(s, identified)).isTrue();
        }
    }

    private static boolean live(JudgeDevServer server, ChannelCredentials credentials) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilder(server.target(), credentials).build();
        try {
            return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serverLive(ServerLiveRequest.getDefaultInstance()).getLive();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
