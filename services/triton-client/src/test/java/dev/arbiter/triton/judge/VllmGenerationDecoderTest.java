package dev.arbiter.triton.judge;

import dev.arbiter.triton.tensor.TensorCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.arbiter.judge.transport.Generation;
import dev.arbiter.triton.proto.InferParameter;
import dev.arbiter.triton.proto.InferTensorContents;
import dev.arbiter.triton.proto.ModelInferResponse;
import dev.arbiter.triton.proto.ModelInferResponse.InferOutputTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VllmGenerationDecoderTest {

    private final VllmGenerationDecoder decoder = new VllmGenerationDecoder();

    @Test
    void streamedChunksAreConcatenatedAndOutputTokenDeltasSummed() {
        List<ModelInferResponse> responses = List.of(
                response("The answer ", "None", 3, 12, false),
                response("is good. Rating: [[8]]", "stop", 6, 12, false),
                ModelInferResponse.newBuilder().setId("r").putParameters("triton_final_response",
                        InferParameter.newBuilder().setBoolParam(true).build()).build());

        Generation g = decoder.decode("r", responses, Duration.ofMillis(40));

        assertThat(g.text()).isEqualTo("The answer is good. Rating: [[8]]");
        assertThat(g.finishReason()).isEqualTo("stop");
        assertThat(g.inputTokens()).hasValue(12);
        assertThat(g.outputTokens()).hasValue(9);
        assertThat(g.latency()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void missingOptionalOutputsLeaveFieldsEmpty() {
        ModelInferResponse onlyText = ModelInferResponse.newBuilder()
                .addOutputs(InferOutputTensor.newBuilder().setName("text_output").setDatatype("BYTES").addShape(1))
                .addRawOutputContents(TensorCodec.encodeString("Rating: [[3]]"))
                .build();

        Generation g = decoder.decode("r", List.of(onlyText), Duration.ZERO);

        assertThat(g.text()).isEqualTo("Rating: [[3]]");
        assertThat(g.finishReason()).isEmpty();
        assertThat(g.inputTokens()).isEmpty();
        assertThat(g.outputTokens()).isEmpty();
    }

    @Test
    void typedContentsAreReadWhenTheServerDoesNotUseRawOutputs() {
        ModelInferResponse typed = ModelInferResponse.newBuilder()
                .addOutputs(InferOutputTensor.newBuilder().setName("text_output").setDatatype("BYTES").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("hello"))))
                .addOutputs(InferOutputTensor.newBuilder().setName("num_output_tokens").setDatatype("UINT32").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addUintContents(2)))
                .build();

        Generation g = decoder.decode("r", List.of(typed), Duration.ZERO);

        assertThat(g.text()).isEqualTo("hello");
        assertThat(g.outputTokens()).hasValue(2);
    }

    @Test
    void responsesWithoutAnyTextOutputAreRejected() {
        assertThatThrownBy(() -> decoder.decode("r", List.of(ModelInferResponse.getDefaultInstance()), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text_output");
    }

    static ModelInferResponse response(String text, String finishReason, int outputTokens, int inputTokens, boolean fin) {
        return ModelInferResponse.newBuilder().setId("r")
                .addOutputs(InferOutputTensor.newBuilder().setName("text_output").setDatatype("BYTES").addShape(1))
                .addRawOutputContents(TensorCodec.encodeString(text))
                .addOutputs(InferOutputTensor.newBuilder().setName("finish_reason").setDatatype("BYTES").addShape(1))
                .addRawOutputContents(TensorCodec.encodeString(finishReason))
                .addOutputs(InferOutputTensor.newBuilder().setName("num_input_tokens").setDatatype("UINT32"))
                .addRawOutputContents(uint32(inputTokens))
                .addOutputs(InferOutputTensor.newBuilder().setName("num_output_tokens").setDatatype("UINT32").addShape(1))
                .addRawOutputContents(uint32(outputTokens))
                .putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(fin).build())
                .build();
    }

    private static ByteString uint32(int v) {
        return ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }
}
