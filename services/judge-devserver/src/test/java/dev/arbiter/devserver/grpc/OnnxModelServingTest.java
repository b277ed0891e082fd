package dev.arbiter.devserver.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.judge.scalar.SentenceEmbeddings;
import dev.arbiter.triton.batching.DynamicBatcher;
import dev.arbiter.triton.proto.GRPCInferenceServiceGrpc;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelMetadataRequest;
import dev.arbiter.triton.proto.ModelMetadataResponse;
import dev.arbiter.triton.tensor.TensorCodec;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's ONNX model served over a real socket, driven with the raw generated stubs:
 * the model really runs (ONNX Runtime, CPU), its interface is the one its config.pbtxt declares,
 * and concurrent requests are merged by the dynamic batcher.
 */
class OnnxModelServingTest {

    private static final String MODEL = "all-minilm-l6-v2-q";
    private static JudgeDevServer server;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    private static SentenceEmbeddings embeddings;

    @BeforeAll
    static void start() {
        server = new JudgeDevServer(JudgeDevServerConfig.instant()).start();
        channel = NettyChannelBuilder.forTarget(server.target()).usePlaintext().maxInboundMessageSize(64 << 20).build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        embeddings = SentenceEmbeddings.load("classpath:/all-minilm-l6-v2-q-tokenizer.json", 128);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        embeddings.close();
    }

    static ModelInferRequest rows(String id, List<String> texts) {
        SentenceEmbeddings.TokenRows t = embeddings.tokenize(texts);
        ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(MODEL).setId(id);
        String[] names = {"input_ids", "attention_mask", "token_type_ids"};
        long[][] values = {t.ids(), t.mask(), t.types()};
        for (int i = 0; i < 3; i++) {
            b.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(names[i]).setDatatype("INT64")
                    .addShape(t.rows()).addShape(t.length()));
            b.addRawInputContents(TensorCodec.encodeInt64s(values[i]));
        }
        return b.build();
    }

    private static float[][] embed(List<String> texts) {
        ModelInferRequest request = rows("e", texts);
        ModelInferResponse r = stub.modelInfer(request);
        assertThat(r.getOutputs(0).getName()).isEqualTo("last_hidden_state");
        assertThat(r.getOutputs(0).getShapeList()).containsExactly((long) texts.size(), 128L, 384L);
        long[] mask = TensorCodec.decodeIntegers("INT64", request.getRawInputContents(1));
        return SentenceEmbeddings.pool(TensorCodec.decodeFloats(r.getRawOutputContents(0)), mask, texts.size(), 128, 384);
    }

    @Test
    void theServedModelPutsAParaphraseOfTheReferenceCloserToItThanAnUnrelatedAnswer() {
        float[][] e = embed(List.of(
                "Water boils at 100 degrees Celsius at sea level, and at lower temperatures higher up.",
                "At sea level water boils at one hundred degrees Celsius; on mountains it boils cooler.",
                "My favourite football team won the league three years in a row."));
        assertThat(SentenceEmbeddings.cosine(e[0], e[1])).isGreaterThan(SentenceEmbeddings.cosine(e[0], e[2]) + 0.3);
    }

    @Test
    void metadataComesFromTheConfigurationAndRequestsOutsideItAreRefusedAsTritonDoes() {
        ModelMetadataResponse m = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(MODEL).build());
        assertThat(m.getPlatform()).isEqualTo("onnxruntime");
        assertThat(m.getInputsList()).extracting(t -> t.getName() + ":" + t.getDatatype() + ":" + t.getShapeList())
                .containsExactly("input_ids:INT64:[-1, 128]", "attention_mask:INT64:[-1, 128]", "token_type_ids:INT64:[-1, 128]");

        ModelInferRequest good = rows("x", List.of("a", "b"));
        ModelInferRequest missing = good.toBuilder().removeInputs(2).clearRawInputContents()
                .addRawInputContents(good.getRawInputContents(0)).addRawInputContents(good.getRawInputContents(1)).build();
        assertThatThrownBy(() -> stub.modelInfer(missing)).isInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("expected input 'token_type_ids'");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 33; i++) tooMany.add("row " + i);
        assertThatThrownBy(() -> stub.modelInfer(rows("y", tooMany))).hasMessageContaining("at most 32 rows");
    }

    @Test
    void concurrentRequestsAreMergedIntoOneExecutionUpToTheMaximumBatch() throws Exception {
        DynamicBatcher.Stats before = server.batching(MODEL).orElse(new DynamicBatcher.Stats(0, 0, 0, 0, 0));
        GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub async = GRPCInferenceServiceGrpc.newFutureStub(channel);
        List<com.google.common.util.concurrent.ListenableFuture<ModelInferResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) calls.add(async.modelInfer(rows("c" + i, List.of("first text " + i, "second text " + i))));
        for (var c : calls) assertThat(c.get(60, TimeUnit.SECONDS).getOutputs(0).getShape(0)).isEqualTo(2);
        DynamicBatcher.Stats after = server.batching(MODEL).orElseThrow();
        assertThat(after.requests() - before.requests()).isEqualTo(24);
        assertThat(after.merged() - before.merged()).as("executions that merged requests").isPositive();
        assertThat(after.largestBatch()).isGreaterThan(2).isLessThanOrEqualTo(32);
    }
}
