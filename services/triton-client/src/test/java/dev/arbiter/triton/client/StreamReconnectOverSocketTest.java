package dev.arbiter.triton.client;

import static dev.arbiter.triton.client.StreamingInferSessionTest.failureOf;
import static dev.arbiter.triton.client.StreamingInferSessionTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconnect path over a real TCP socket and Netty transport, where a server going away looks
 * different (GOAWAY, connection reset) from the in-process transport. Uses the scripted service;
 * the dev judge server's own restart test lives in TritonClientAgainstDevServerTest.
 */
class StreamReconnectOverSocketTest {

    private ScriptedTritonService service = new ScriptedTritonService();
    private Server server;
    private TritonClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (server != null) server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        service.shutdown();
    }

    @Test
    void serverRestartFailsOutstandingAsUnavailableThenTheClientReconnects() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
        int port = server.getPort();
        client = TritonClient.connect(TritonClientConfig.plaintext("127.0.0.1:" + port)
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400)));
        assertThat(client.streamInfer(request("echo", "before", "x"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS)
                .responses()).isNotEmpty();
        CompletableFuture<StreamedInference> outstanding = client.streamInfer(request("silent", "s1", "x"), Duration.ofSeconds(30));
        await().until(() -> service.streamedRequests.size() == 2);

        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

        assertThat(failureOf(outstanding).kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failureOf(client.streamInfer(request("echo", "while-down", "x"), Duration.ofSeconds(5))).kind())
                .isEqualTo(Kind.UNAVAILABLE);

        service.shutdown();
        service = new ScriptedTritonService();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(service).build().start();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(client.streamInfer(request("echo", "after-" + System.nanoTime(), "x"), Duration.ofSeconds(5))
                        .get(5, TimeUnit.SECONDS).responses()).isNotEmpty());
        assertThat(client.streamingSession().streamsOpened()).isGreaterThanOrEqualTo(2);
        assertThat(client.inFlight()).isZero();
    }
}
