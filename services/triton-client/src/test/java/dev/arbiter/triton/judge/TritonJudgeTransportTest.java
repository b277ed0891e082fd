package dev.arbiter.triton.judge;

import dev.arbiter.triton.tensor.TensorCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arbiter.judge.transport.Generation;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.judge.transport.JudgeTransportException.Kind;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.triton.client.TritonClient;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc;
import dev.arbiter.triton.proto.InferParameter;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelInferResponse.InferOutputTensor;
import dev.arbiter.triton.proto.ModelMetadataRequest;
import dev.arbiter.triton.proto.ModelMetadataResponse;
import dev.arbiter.triton.proto.ModelReadyRequest;
import dev.arbiter.triton.proto.ModelReadyResponse;
import dev.arbiter.triton.proto.ModelStreamInferResponse;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unit test of the transport alone: a tiny in-process service answers like the vLLM backend
 * (model "judge"; anything else is unknown), so encoding, decoding, error kinds and metrics are
 * checked end to end through real gRPC framing.
 */
class TritonJudgeTransportTest {

    private Server server;
    private ManagedChannel channel;
    private TritonClient client;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new VllmLikeService()).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        client = new TritonClient(channel, TritonClientConfig.plaintext("in-process:" + name));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void streamModeReturnsOnlyGeneratedTextWithTokenCountsAndRecordsSuccess() {
        TritonJudgeTransport transport = new TritonJudgeTransport(client, TritonJudgeConfig.defaults(), registry);

        Generation g = transport.generate(request("g1", "judge", "Is 2+2=4?")).join();

        assertThat(g.requestId()).isEqualTo("g1");
        assertThat(g.text()).isEqualTo("verdict on 9 chars");
        assertThat(g.finishReason()).isEqualTo("stop");
        assertThat(g.inputTokens()).hasValue(9);
        assertThat(g.outputTokens()).hasValue(4);
        assertThat(registry.get("arbiter.judge.requests").tags("model", "judge", "outcome", "success").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("arbiter.judge.latency").tag("model", "judge").timer().count()).isEqualTo(1);
        assertThat(registry.get("arbiter.judge.inflight").gauge().value()).isZero();
    }

    @Test
    void unaryModeUsesModelInfer() {
        TritonJudgeTransport transport = new TritonJudgeTransport(client,
                TritonJudgeConfig.defaults().withMode(InferMode.UNARY), registry);

        assertThat(transport.generate(request("u1", "judge", "abc")).join().text()).isEqualTo("verdict on 3 chars");
    }

    @Test
    void unknownModelFailsAsModelNotFoundAndIsCountedByKind() {
        TritonJudgeTransport transport = new TritonJudgeTransport(client, TritonJudgeConfig.defaults(), registry);

        JudgeTransportException e = failureOf(transport.generate(request("x1", "missing", "abc")));

        assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
        assertThat(e.retryable()).isFalse();
        assertThat(registry.get("arbiter.judge.requests").tags("model", "missing", "outcome", "model_not_found")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void awaitModelReadyDistinguishesUnknownModelFromReadyModel() {
        TritonJudgeTransport transport = new TritonJudgeTransport(client, TritonJudgeConfig.defaults(), registry);

        assertThat(transport.awaitModelReady("judge", Duration.ofSeconds(2))).succeedsWithin(Duration.ofSeconds(5));
        assertThat(failureOf(transport.awaitModelReady("missing", Duration.ofSeconds(30))).kind())
                .isEqualTo(Kind.MODEL_NOT_FOUND);
    }

    @Test
    void inflightGaugeCountsOutstandingCalls() {
        TritonJudgeTransport transport = new TritonJudgeTransport(client, TritonJudgeConfig.defaults(), registry);

        CompletableFuture<Generation> slow = transport.generate(request("slow", "judge", "SLOW"));

        assertThat(registry.get("arbiter.judge.inflight").gauge().value()).isEqualTo(1.0);
        assertThat(failureOf(slow).kind()).isEqualTo(Kind.DEADLINE_EXCEEDED);
        await().untilAsserted(() -> assertThat(registry.get("arbiter.judge.inflight").gauge().value()).isZero());
    }

    private static GenerationRequest request(String id, String model, String prompt) {
        return new GenerationRequest(id, model, prompt, SamplingParameters.greedy(64), Duration.ofMillis(500));
    }

    private static JudgeTransportException failureOf(CompletableFuture<?> future) {
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

    /** Answers "verdict on N chars" for model "judge"; a prompt "SLOW" is never answered. */
    private static final class VllmLikeService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

        @Override
        public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> responses) {
            responses.onNext(ModelReadyResponse.newBuilder().setReady(request.getName().equals("judge")).build());
            responses.onCompleted();
        }

        @Override
        public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> responses) {
            if (!request.getName().equals("judge")) {
                responses.onError(Status.NOT_FOUND.withDescription("Request for unknown model: '" + request.getName()
                        + "' is not found").asRuntimeException());
                return;
            }
            responses.onNext(ModelMetadataResponse.newBuilder().setName("judge").setPlatform("vllm").build());
            responses.onCompleted();
        }

        @Override
        public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> responses) {
            responses.onNext(answer(request, true));
            responses.onCompleted();
        }

        @Override
        public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> responses) {
            return new StreamObserver<>() {
                @Override
                public synchronized void onNext(ModelInferRequest request) {
                    if (!request.getModelName().equals("judge")) {
                        responses.onNext(ModelStreamInferResponse.newBuilder()
                                .setErrorMessage("Request for unknown model: '" + request.getModelName() + "' is not found")
                                .setInferResponse(ModelInferResponse.newBuilder().setId(request.getId()))
                                .build());
                        return;
                    }
                    if (prompt(request).equals("SLOW")) {
                        return;
                    }
                    responses.onNext(ModelStreamInferResponse.newBuilder().setInferResponse(answer(request, false)).build());
                    responses.onNext(ModelStreamInferResponse.newBuilder().setInferResponse(ModelInferResponse.newBuilder()
                            .setId(request.getId())
                            .putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(true).build()))
                            .build());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public synchronized void onCompleted() {
                    responses.onCompleted();
                }
            };
        }

        private static ModelInferResponse answer(ModelInferRequest request, boolean fin) {
            String prompt = prompt(request);
            return ModelInferResponse.newBuilder().setId(request.getId()).setModelName("judge")
                    .addOutputs(InferOutputTensor.newBuilder().setName("text_output").setDatatype("BYTES").addShape(1))
                    .addRawOutputContents(TensorCodec.encodeString("verdict on " + prompt.length() + " chars"))
                    .addOutputs(InferOutputTensor.newBuilder().setName("finish_reason").setDatatype("BYTES").addShape(1))
                    .addRawOutputContents(TensorCodec.encodeString("stop"))
                    .addOutputs(InferOutputTensor.newBuilder().setName("num_input_tokens").setDatatype("UINT32").addShape(1))
                    .addRawOutputContents(uint32(prompt.length()))
                    .addOutputs(InferOutputTensor.newBuilder().setName("num_output_tokens").setDatatype("UINT32").addShape(1))
                    .addRawOutputContents(uint32(4))
                    .putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(fin).build())
                    .build();
        }

        private static ByteString uint32(int value) {
            return ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        }

        private static String prompt(ModelInferRequest request) {
            for (int i = 0; i < request.getInputsCount(); i++) {
                if (request.getInputs(i).getName().equals("text_input")) {
                    return TensorCodec.decodeStrings(request.getRawInputContents(i)).get(0);
                }
            }
            throw new IllegalArgumentException("no text_input");
        }
    }
}
