package dev.arbiter.triton.judge;

import dev.arbiter.triton.tensor.TensorCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferRequest.InferInputTensor;

/**
 * Builds the {@link ModelInferRequest} Triton's vLLM backend expects for one generation: the
 * prompt in {@code text_input}, {@code stream=false} (the judge needs the whole text, and one
 * content response per request keeps the stream quiet), the sampling parameters as JSON in
 * {@code sampling_parameters}, {@code exclude_input_in_output=true} so the prompt is never echoed
 * into the verdict, and optionally the {@code return_*} flags for finish reason and token counts.
 * All tensors have shape [1] and travel in {@code raw_input_contents}, in input order. No
 * outputs are named, so the server returns all it has, which tolerates backends without the
 * optional outputs.
 */
public final class VllmRequestEncoder {

    static final String TEXT_INPUT = "text_input";
    static final String STREAM = "stream";
    static final String SAMPLING_PARAMETERS = "sampling_parameters";
    static final String EXCLUDE_INPUT_IN_OUTPUT = "exclude_input_in_output";
    static final String RETURN_FINISH_REASON = "return_finish_reason";
    static final String RETURN_NUM_INPUT_TOKENS = "return_num_input_tokens";
    static final String RETURN_NUM_OUTPUT_TOKENS = "return_num_output_tokens";

    private final ObjectMapper json;
    private final TritonJudgeConfig config;

    public VllmRequestEncoder(ObjectMapper json, TritonJudgeConfig config) {
        this.json = json;
        this.config = config;
    }

    public ModelInferRequest encode(GenerationRequest request) {
        ModelInferRequest.Builder builder = ModelInferRequest.newBuilder()
                .setModelName(request.model())
                .setModelVersion(config.modelVersion())
                .setId(request.requestId());
        addBytes(builder, TEXT_INPUT, TensorCodec.encodeString(request.prompt()));
        addBool(builder, STREAM, false);
        addBytes(builder, SAMPLING_PARAMETERS, samplingTensor(request));
        addBool(builder, EXCLUDE_INPUT_IN_OUTPUT, true);
        if (config.requestAdditionalOutputs()) {
            addBool(builder, RETURN_FINISH_REASON, true);
            addBool(builder, RETURN_NUM_INPUT_TOKENS, true);
            addBool(builder, RETURN_NUM_OUTPUT_TOKENS, true);
        }
        return builder.build();
    }

    /** The last sampling parameters encoded: a deployment sends the same ones on almost every request. */
    private volatile EncodedSampling lastSampling;

    private record EncodedSampling(SamplingParameters sampling, ByteString tensor) {}

    private ByteString samplingTensor(GenerationRequest request) {
        EncodedSampling last = lastSampling;
        if (last != null && last.sampling().equals(request.sampling())) return last.tensor();
        ByteString tensor = TensorCodec.encodeString(samplingJson(request));
        lastSampling = new EncodedSampling(request.sampling(), tensor);
        return tensor;
    }

    private String samplingJson(GenerationRequest request) {
        try {
            return json.writeValueAsString(request.sampling().asVllmMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sampling parameters of request " + request.requestId()
                    + " cannot be written as JSON", e);
        }
    }

    private static void addBytes(ModelInferRequest.Builder builder, String name, ByteString raw) {
        builder.addInputs(InferInputTensor.newBuilder().setName(name).setDatatype("BYTES").addShape(1));
        builder.addRawInputContents(raw);
    }

    private static void addBool(ModelInferRequest.Builder builder, String name, boolean value) {
        builder.addInputs(InferInputTensor.newBuilder().setName(name).setDatatype("BOOL").addShape(1));
        builder.addRawInputContents(TensorCodec.encodeBools(value));
    }
}
