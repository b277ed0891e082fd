package dev.arbiter.triton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.devserver.testing.TestCertificates;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.triton.client.TlsSettings;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.judge.TritonJudgeConfig;
import dev.arbiter.triton.judge.TritonJudgeTransport;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS between our Triton client and the development judge server over a real
 * socket, with self-signed certificates: the client verifies the server against the configured
 * certificate, refuses a server it cannot verify, and presents its own identity when the server
 * demands one.
 */
class TlsAgainstDevServerTest {

    private static final String MODEL = "auto-j-13b-gptq";

    @TempDir
    static Path certs;
    private static TestCertificates server;
    private static TestCertificates client;

    private JudgeDevServer judge;
    private TritonJudgeTransport transport;

    @BeforeAll
    static void makeCertificates() throws Exception {
        server = TestCertificates.create(certs, "judge-server");
        client = TestCertificates.create(certs, "arbiter-client");
    }

    @AfterEach
    void close() {
        if (transport != null) transport.close();
        if (judge != null) judge.close();
    }

    private TritonJudgeTransport connect(ServerCredentials credentials, TlsSettings tls) {
        judge = new JudgeDevServer(JudgeDevServerConfig.instant(), credentials).start();
        transport = TritonJudgeTransport.connect(TritonClientConfig.plaintext(judge.target()).withTls(tls),
                TritonJudgeConfig.defaults(), new SimpleMeterRegistry());
        return transport;
    }

    private static GenerationRequest request(String id) {
        return new GenerationRequest(id, MODEL, TritonClientAgainstDevServerTest.PROMPT, SamplingParameters.greedy(512),
                Duration.ofSeconds(10));
    }

    private static ServerCredentials serverTls() throws Exception {
        return TlsServerCredentials.newBuilder().keyManager(server.keyManagers().getKeyManagers()).build();
    }

    @Test
    void clientTrustingTheServerCertificateJudgesOverTls() throws Exception {
        TritonJudgeTransport t = connect(serverTls(), TlsSettings.trusting(server.certPem()));
        t.awaitModelReady(MODEL, Duration.ofSeconds(10)).join();
        assertThat(t.generate(request("tls-1")).join().text()).contains("Rating: [[");
    }

    @Test
    void serverTheClientCannotVerifyIsRefusedAsUnavailable() throws Exception {
        // The JVM's default trust store does not know a self-signed certificate.
        TritonJudgeTransport t = connect(serverTls(), TlsSettings.systemTrust());
        assertThatThrownBy(() -> t.generate(request("tls-untrusted")).join())
                .cause().isInstanceOfSatisfying(JudgeTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.UNAVAILABLE));
    }

    @Test
    void mutualTlsServerAcceptsOnlyAClientThatPresentsATrustedIdentity() throws Exception {
        ServerCredentials mutual = TlsServerCredentials.newBuilder()
                .keyManager(server.keyManagers().getKeyManagers())
                .trustManager(client.certPem().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();

        TritonJudgeTransport anonymous = connect(mutual, TlsSettings.trusting(server.certPem()));
        assertThatThrownBy(() -> anonymous.generate(request("mtls-anonymous")).join())
                .cause().isInstanceOfSatisfying(JudgeTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.UNAVAILABLE));
        close();

        TritonJudgeTransport identified = connect(mutual,
                TlsSettings.trusting(server.certPem()).withClientIdentity(client.certPem(), client.keyPem()));
        assertThat(identified.generate(request("mtls-1")).join().text()).contains("Rating: [[");
    }
}
