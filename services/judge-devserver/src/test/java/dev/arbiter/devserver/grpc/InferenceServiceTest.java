package dev.arbiter.devserver.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc;
import dev.arbiter.triton.proto.InferParameter;
import dev.arbiter.triton.proto.InferTensorContents;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelReadyRequest;
import dev.arbiter.triton.proto.ModelStreamInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server over a real socket, driven with the raw generated stubs (not our client). */
class InferenceServiceTest {

    private JudgeDevServer server;
    private ManagedChannel channel;

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub start(JudgeDevServerConfig config) {
        server = new JudgeDevServer(config).start();
        channel = NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
        return GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        if (server != null) server.close();
    }

    static ByteString bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteString.copyFrom(ByteBuffer.allocate(4 + b.length).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).put(b).flip());
    }

    static ModelInferRequest request(String id, String model, String prompt, int maxTokens) {
        ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model).setId(id);
        Object[][] inputs = {{"text_input", "BYTES", bytes(prompt)}, {"stream", "BOOL", ByteString.copyFrom(new byte[] {0})},
            {"sampling_parameters", "BYTES", bytes("{\"temperature\":0.0,\"max_tokens\":" + maxTokens + "}")},
            {"exclude_input_in_output", "BOOL", ByteString.copyFrom(new byte[] {1})},
            {"return_finish_reason", "BOOL", ByteString.copyFrom(new byte[] {1})},
            {"return_num_output_tokens", "BOOL", ByteString.copyFrom(new byte[] {1})}};
        for (Object[] in : inputs) {
            b.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName((String) in[0]).setDatatype((String) in[1]).addShape(1));
            b.addRawInputContents((ByteString) in[2]);
        }
        return b.build();
    }

    static String output(ModelInferResponse r, String name) {
        for (int i = 0; i < r.getOutputsCount(); i++) {
            if (r.getOutputs(i).getName().equals(name)) {
                ByteBuffer buf = r.getRawOutputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                if (r.getOutputs(i).getDatatype().equals("UINT32")) return String.valueOf(buf.getInt());
                byte[] out = new byte[buf.getInt()];
                buf.get(out);
                return new String(out, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static final String PROMPT = "[INST] Write critiques for a submitted response on a given user's query, and grade the response:\n  \n"
            + "[BEGIN DATA]\n***\n[Query]: Why is the sky blue?\n***\n[Response]: Rayleigh scattering of sunlight by air molecules makes "
            + "blue light scatter most.\n***\n[END DATA]\n\nWrite critiques ... [/INST]";

    @Test
    void streamAnswersManyConcurrentRequestsMatchedByIdWithFinalFlags() throws Exception {
        start(JudgeDevServerConfig.instant());
        Map<String, List<ModelInferResponse>> byId = new ConcurrentHashMap<>();
        CountDownLatch finals = new CountDownLatch(50);
        List<String> errors = new CopyOnWriteArrayList<>();
        StreamObserver<ModelInferRequest> requests = GRPCInferenceServiceGrpc.newStub(channel).modelStreamInfer(new StreamObserver<>() {
            @Override
            public void onNext(ModelStreamInferResponse r) {
                if (!r.getErrorMessage().isEmpty()) errors.add(r.getErrorMessage());
                byId.computeIfAbsent(r.getInferResponse().getId(), k -> new CopyOnWriteArrayList<>()).add(r.getInferResponse());
                InferParameter fin = r.getInferResponse().getParametersMap().get("triton_final_response");
                if (fin != null && fin.getBoolParam()) finals.countDown();
            }

            @Override
            public void onError(Throwable t) {
                errors.add(t.toString());
            }

            @Override
            public void onCompleted() {}
        });
        for (int i = 0; i < 50; i++) {
            ModelInferRequest r = request("req-" + i, "auto-j-13b-gptq", PROMPT, 512);
            if (i % 2 == 0) {
                r = r.toBuilder().putParameters("triton_enable_empty_final_response", InferParameter.newBuilder().setBoolParam(true).build()).build();
            }
            requests.onNext(r);
        }
        assertThat(finals.await(10, TimeUnit.SECONDS)).isTrue();
        requests.onCompleted();
        assertThat(errors).isEmpty();
        assertThat(byId).hasSize(50);
        assertThat(byId.get("req-0")).hasSize(2);
        assertThat(output(byId.get("req-0").get(0), "text_output")).endsWith("]]");
        assertThat(byId.get("req-0").get(1).getOutputsCount()).isZero();
        assertThat(byId.get("req-1")).hasSize(1);
        assertThat(output(byId.get("req-1").get(0), "text_output")).contains("Rating: [[").doesNotContain("[INST]");
        assertThat(output(byId.get("req-1").get(0), "finish_reason")).isEqualTo("stop");
    }

    @Test
    void maxTokensCutsTheGenerationAndReportsFinishReasonLength() {
        var stub = start(JudgeDevServerConfig.instant().withDecoupled(false));
        ModelInferResponse r = stub.modelInfer(request("r", "auto-j-13b-gptq", PROMPT, 5));
        assertThat(output(r, "text_output")).hasSize(20).doesNotContain("Rating");
        assertThat(output(r, "finish_reason")).isEqualTo("length");
        assertThat(output(r, "num_output_tokens")).isEqualTo("5");
    }

    @Test
    void unaryInferenceIsRefusedForDecoupledModels() {
        var stub = start(JudgeDevServerConfig.instant());
        assertThatThrownBy(() -> stub.modelInfer(request("r", "auto-j-13b-gptq", PROMPT, 64)))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("decoupled");
    }

    @Test
    void unknownAndNotReadyModelsAreReportedWithTritonsMessages() {
        var stub = start(JudgeDevServerConfig.instant().withDecoupled(false));
        assertThatThrownBy(() -> stub.modelInfer(request("r", "gpt-17", PROMPT, 64)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("Request for unknown model: 'gpt-17' is not found");
                });
        server.setModelReady("auto-j-13b-gptq", false);
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("auto-j-13b-gptq").build()).getReady()).isFalse();
        assertThatThrownBy(() -> stub.modelInfer(request("r", "auto-j-13b-gptq", PROMPT, 64)))
                .hasMessageContaining("is not at ready state");
        server.setModelReady("auto-j-13b-gptq", true);
        assertThat(output(stub.modelInfer(request("r", "auto-j-13b-gptq", PROMPT, 512)), "text_output")).contains("Rating: [[");
    }

    @Test
    void typedContentsAreAcceptedAsWellAsRawContents() {
        var stub = start(JudgeDevServerConfig.instant().withDecoupled(false));
        ModelInferRequest typed = ModelInferRequest.newBuilder().setModelName("mtbench-judge").setId("t")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text_input").setDatatype("BYTES").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8(PROMPT))))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("sampling_parameters").setDatatype("BYTES").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("{\"max_tokens\":400}"))))
                .build();
        String text = output(stub.modelInfer(typed), "text_output");
        assertThat(text).startsWith(PROMPT).contains("Rating: [[");
    }

    @Test
    void restartsOnTheSamePort() {
        start(JudgeDevServerConfig.instant());
        int port = server.port();
        server.close();
        server = new JudgeDevServer(JudgeDevServerConfig.instant().withPort(port)).start();
        assertThat(server.port()).isEqualTo(port);
    }
}
