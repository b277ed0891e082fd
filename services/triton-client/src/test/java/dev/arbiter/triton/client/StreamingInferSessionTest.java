package dev.arbiter.triton.client;

import dev.arbiter.triton.tensor.TensorCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferRequest.InferInputTensor;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingInferSessionTest {

    private final ScriptedTritonService service = new ScriptedTritonService();
    private Server server;
    private ManagedChannel channel;
    private TritonClient client;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(service).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        client = new TritonClient(channel, TritonClientConfig.plaintext("in-process:" + name)
                .withMaxRequestsInFlight(100)
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        service.shutdown();
    }

    @Test
    void streamMatchesInterleavedResponsesToRequestsById() {
        List<CompletableFuture<StreamedInference>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.streamInfer(request("echo", "r" + i, "prompt-" + i), Duration.ofSeconds(10)));
        }

        for (int i = 0; i < 50; i++) {
            StreamedInference result = futures.get(i).join();
            assertThat(result.requestId()).isEqualTo("r" + i);
            assertThat(result.responses()).hasSize(3);
            StringBuilder text = new StringBuilder();
            result.responses().forEach(r -> InferOutputs.of(r).strings("text_output").ifPresent(s -> text.append(s.get(0))));
            assertThat(text).hasToString("echo:prompt-" + i);
        }
        assertThat(client.streamingSession().streamsOpened()).isEqualTo(1);
        assertThat(client.inFlight()).isZero();
    }

    @Test
    void everyStreamedRequestAsksForAFinalResponseFlag() {
        client.streamInfer(request("echo", "r1", "x"), Duration.ofSeconds(10)).join();

        assertThat(service.streamedRequests).singleElement().satisfies(r -> {
            assertThat(r.getParametersMap().get(StreamingInferSession.ENABLE_FINAL_RESPONSE).getBoolParam()).isTrue();
            assertThat(r.getId()).startsWith("r1#");
        });
    }

    @Test
    void requestWithoutFinalResponseFailsWithDeadlineExceededAndIsForgotten() {
        CompletableFuture<StreamedInference> f = client.streamInfer(request("silent", "s1", "x"), Duration.ofMillis(100));

        assertThat(failureOf(f).kind()).isEqualTo(Kind.DEADLINE_EXCEEDED);
        assertThat(failureOf(f).getMessage()).contains("'s1'").contains("model 'silent'");
        assertThat(client.streamingSession().outstanding()).isZero();
        assertThat(client.inFlight()).isZero();
    }

    @Test
    void errorMessageWithIdFailsOnlyThatRequest() {
        CompletableFuture<StreamedInference> failing = client.streamInfer(request("failing", "f1", "x"), Duration.ofSeconds(5));
        CompletableFuture<StreamedInference> healthy = client.streamInfer(request("echo", "ok", "y"), Duration.ofSeconds(5));

        assertThat(failureOf(failing).kind()).isEqualTo(Kind.MODEL_ERROR);
        assertThat(failureOf(failing).getMessage()).contains("model failed on this input");
        assertThat(healthy.join().requestId()).isEqualTo("ok");
    }

    @Test
    void anonymousErrorIsPinnedOnTheOnlyOutstandingRequest() {
        CompletableFuture<StreamedInference> f = client.streamInfer(request("failing-anonymous", "a1", "x"), Duration.ofSeconds(5));

        assertThat(failureOf(f).getMessage()).contains("anonymous failure");
    }

    @Test
    void anonymousErrorAmongSeveralOutstandingRequestsFailsNoneOfThemEarly() {
        CompletableFuture<StreamedInference> silent = client.streamInfer(request("silent", "s1", "x"), Duration.ofMillis(300));
        await().until(() -> service.streamedRequests.size() == 1);
        CompletableFuture<StreamedInference> anon = client.streamInfer(request("failing-anonymous", "a1", "x"), Duration.ofMillis(300));

        JudgeTransportException silentFailure = failureOf(silent);
        assertThat(silentFailure.kind()).isEqualTo(Kind.DEADLINE_EXCEEDED);
        assertThat(silentFailure.getMessage()).contains("anonymous failure");
        assertThat(failureOf(anon).kind()).isEqualTo(Kind.DEADLINE_EXCEEDED);
    }

    @Test
    void requestsOverTheInFlightBoundFailFastAsOverloaded() {
        try (TritonClient small = new TritonClient(channel, TritonClientConfig.plaintext("in-process").withMaxRequestsInFlight(2))) {
            small.streamInfer(request("silent", "s1", "x"), Duration.ofSeconds(5));
            small.streamInfer(request("silent", "s2", "x"), Duration.ofSeconds(5));

            CompletableFuture<StreamedInference> third = small.streamInfer(request("silent", "s3", "x"), Duration.ofSeconds(5));

            assertThat(third).isCompletedExceptionally();
            assertThat(failureOf(third).kind()).isEqualTo(Kind.OVERLOADED);
        }
    }

    @Test
    void duplicateOutstandingIdIsRejected() {
        client.streamInfer(request("silent", "dup", "x"), Duration.ofSeconds(5));

        assertThat(failureOf(client.streamInfer(request("silent", "dup", "x"), Duration.ofSeconds(5))).kind())
                .isEqualTo(Kind.INVALID_REQUEST);
    }

    @Test
    void brokenStreamFailsOutstandingAsUnavailableAndNextRequestReconnects() {
        CompletableFuture<StreamedInference> outstanding = client.streamInfer(request("silent", "s1", "x"), Duration.ofSeconds(30));
        await().until(() -> service.streamedRequests.size() == 1);

        service.breakAllStreams();

        assertThat(failureOf(outstanding).kind()).isEqualTo(Kind.UNAVAILABLE);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.streamInfer(request("echo", "again-" + System.nanoTime(), "x"), Duration.ofSeconds(5))
                        .get(5, TimeUnit.SECONDS).responses()).isNotEmpty());
        assertThat(client.streamingSession().streamsOpened()).isEqualTo(2);
    }

    @Test
    void closeFailsOutstandingRequestsAsClosed() {
        CompletableFuture<StreamedInference> f = client.streamInfer(request("silent", "s1", "x"), Duration.ofSeconds(30));

        client.close();

        assertThat(failureOf(f).kind()).isEqualTo(Kind.CLOSED);
        assertThat(failureOf(client.streamInfer(request("echo", "late", "x"), Duration.ofSeconds(1))).kind())
                .isEqualTo(Kind.CLOSED);
    }

    @Test
    void unaryInferReturnsTheResponseAndMapsUnknownModel() {
        assertThat(InferOutputs.of(client.infer(request("echo", "u1", "hi")).join()).strings("text_output"))
                .contains(List.of("echo:hi"));
        assertThat(failureOf(client.infer(request("nope", "u2", "hi"))).kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
    }

    @Test
    void unaryInferPastItsDeadlineFailsWithDeadlineExceeded() {
        assertThat(failureOf(client.infer(request("silent", "u1", "hi"), Duration.ofMillis(100))).kind())
                .isEqualTo(Kind.DEADLINE_EXCEEDED);
        assertThat(client.inFlight()).isZero();
    }

    static ModelInferRequest request(String model, String id, String text) {
        return ModelInferRequest.newBuilder().setModelName(model).setId(id)
                .addInputs(InferInputTensor.newBuilder().setName("text_input").setDatatype("BYTES").addShape(1))
                .addRawInputContents(TensorCodec.encodeString(text))
                .build();
    }

    static JudgeTransportException failureOf(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(JudgeTransportException.class);
            return (JudgeTransportException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future succeeded but a failure was expected");
    }
}
