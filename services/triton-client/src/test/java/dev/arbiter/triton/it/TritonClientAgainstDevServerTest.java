package dev.arbiter.triton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.devserver.cost.CostModel;
import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.judge.InferMode;
import dev.arbiter.triton.judge.TritonJudgeConfig;
import dev.arbiter.triton.judge.TritonJudgeTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our Triton client against the development judge server over a real socket: the same gRPC
 * protocol and vLLM tensor interface a real Triton serves, streaming and unary.
 */
class TritonClientAgainstDevServerTest {

    private static final String MODEL = "auto-j-13b-gptq";
    static final String PROMPT = "[INST] Write critiques for a submitted response on a given user's query, and grade the response:\n  \n"
            + "[BEGIN DATA]\n***\n[Query]: Why is the sky blue?\n***\n[Response]: Air molecules scatter short blue wavelengths of "
            + "sunlight much more than red ones.\n***\n[END DATA]\n\nWrite critiques for this response. [/INST]";

    private JudgeDevServer server;
    private TritonJudgeTransport transport;

    private TritonJudgeTransport connect(JudgeDevServerConfig config, InferMode mode) {
        server = new JudgeDevServer(config).start();
        transport = TritonJudgeTransport.connect(TritonClientConfig.plaintext(server.target()).withMaxRequestsInFlight(256),
                TritonJudgeConfig.defaults().withMode(mode), new SimpleMeterRegistry());
        return transport;
    }

    @AfterEach
    void close() {
        if (transport != null) transport.close();
        if (server != null) server.close();
    }

    private static GenerationRequest request(String id, int maxTokens, Duration deadline) {
        return new GenerationRequest(id, MODEL, PROMPT, SamplingParameters.greedy(maxTokens), deadline);
    }

    @Test
    void streamingInferenceCompletesManyConcurrentRequestsEachWithItsOwnAnswer() {
        TritonJudgeTransport t = connect(JudgeDevServerConfig.instant(), InferMode.STREAM);
        t.awaitModelReady(MODEL, Duration.ofSeconds(10)).join();
        List<CompletableFuture<Generation>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) calls.add(t.generate(request("r-" + i, 512, Duration.ofSeconds(20))));
        for (int i = 0; i < 100; i++) {
            Generation g = calls.get(i).join();
            assertThat(g.requestId()).isEqualTo("r-" + i);
            assertThat(g.text()).contains("Rating: [[").doesNotContain("[INST]");
            assertThat(g.finishReason()).isEqualTo("stop");
            assertThat(g.outputTokens()).isPresent();
            assertThat(g.inputTokens()).hasValue((PROMPT.length() + 3) / 4);
        }
    }

    @Test
    void unaryInferenceWorksAgainstANonDecoupledModel() {
        TritonJudgeTransport t = connect(JudgeDevServerConfig.instant().withDecoupled(false), InferMode.UNARY);
        Generation g = t.generate(request("u-1", 512, Duration.ofSeconds(20))).join();
        assertThat(g.text()).contains("Rating: [[");
    }

    @Test
    void unaryInferenceAgainstADecoupledModelFailsAsAnInvalidRequest() {
        TritonJudgeTransport t = connect(JudgeDevServerConfig.instant(), InferMode.UNARY);
        assertThatThrownBy(() -> t.generate(request("u-1", 64, Duration.ofSeconds(20))).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(JudgeTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.INVALID_REQUEST));
    }

    @Test
    void maxTokensTruncationIsReportedAsFinishReasonLength() {
        TritonJudgeTransport t = connect(JudgeDevServerConfig.instant(), InferMode.STREAM);
        Generation g = t.generate(request("short", 8, Duration.ofSeconds(20))).join();
        assertThat(g.finishReason()).isEqualTo("length");
        assertThat(g.truncatedByLength()).isTrue();
        assertThat(g.outputTokens()).hasValue(8);
    }

    @Test
    void modelNotReadyAndUnknownModelAreClearRetryableAndPermanentErrors() {
        TritonJudgeTransport t = connect(JudgeDevServerConfig.instant(), InferMode.STREAM);
        server.setModelReady(MODEL, false);
        assertThatThrownBy(() -> t.generate(request("nr", 64, Duration.ofSeconds(20))).join())
                .cause().isInstanceOfSatisfying(JudgeTransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.MODEL_NOT_READY);
                    assertThat(e.kind().retryable()).isTrue();
                });
        server.setModelReady(MODEL, true);
        assertThat(t.generate(request("ok", 512, Duration.ofSeconds(20))).join().text()).contains("Rating: [[");
        GenerationRequest unknown = new GenerationRequest("x", "no-such-model", PROMPT, SamplingParameters.greedy(64), Duration.ofSeconds(5));
        assertThatThrownBy(() -> t.generate(unknown).join()).cause().isInstanceOfSatisfying(JudgeTransportException.class, e -> {
            assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.MODEL_NOT_FOUND);
            assertThat(e.kind().retryable()).isFalse();
            assertThat(e.getMessage()).contains("no-such-model");
        });
    }

    @Test
    void slowJudgeExceedsTheDeadlineOnBothPaths() {
        // 2 s per request of simulated decoding, 200 ms deadline
        JudgeDevServerConfig slow = JudgeDevServerConfig.instant().withDecoupled(false)
                .withCost(new CostModel(1.0, 1e9, Duration.ofMillis(20), 4, 0));
        TritonJudgeTransport unary = connect(slow, InferMode.UNARY);
        assertThatThrownBy(() -> unary.generate(request("d-u", 100, Duration.ofMillis(200))).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(JudgeTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.DEADLINE_EXCEEDED));
        transport.close();
        transport = TritonJudgeTransport.connect(TritonClientConfig.plaintext(server.target()),
                TritonJudgeConfig.defaults(), new SimpleMeterRegistry());
        assertThatThrownBy(() -> transport.generate(request("d-s", 100, Duration.ofMillis(200))).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(JudgeTransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(JudgeTransportException.Kind.DEADLINE_EXCEEDED));
    }

    @Test
    void streamRecoversAfterTheJudgeServerRestartsOnTheSamePort() {
        TritonJudgeTransport t = connect(JudgeDevServerConfig.instant(), InferMode.STREAM);
        assertThat(t.generate(request("before", 512, Duration.ofSeconds(10))).join().text()).contains("Rating");
        int port = server.port();
        server.close();
        server = new JudgeDevServer(JudgeDevServerConfig.instant().withPort(port)).start();
        // Calls fail as retryable (UNAVAILABLE) while the stream reconnects with backoff; then one must succeed.
        java.util.concurrent.atomic.AtomicReference<Generation> afterRestart = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                afterRestart.set(t.generate(request("after-" + n.incrementAndGet(), 512, Duration.ofSeconds(10))).join());
                return true;
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(JudgeTransportException.class, x -> assertThat(x.kind().retryable()).isTrue());
                return false;
            }
        });
        Generation after = afterRestart.get();
        assertThat(after.text()).contains("Rating");
    }
}
