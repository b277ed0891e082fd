package dev.arbiter.devserver.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.devserver.cost.TokenEstimate;
import dev.arbiter.devserver.judge.HeuristicJudge;
import dev.arbiter.triton.proto.InferParameter;
import dev.arbiter.triton.proto.ModelInferRequest;
import dev.arbiter.triton.proto.ModelInferResponse;
import java.io.IOException;

/**
 * One vLLM-style generation: the request's tensors decoded, the judge's text produced and cut at
 * {@code max_tokens}, and the Triton response(s) built the way the vLLM backend builds them.
 */
record GenerationJob(ModelInferRequest request, String prompt, String text, String finishReason,
                     int promptTokens, int outputTokens, boolean excludeInput, boolean emptyFinal,
                     boolean returnFinishReason, boolean returnInputTokens, boolean returnOutputTokens) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static GenerationJob prepare(ModelInferRequest request, HeuristicJudge judge, boolean streaming) {
        VllmTensors t = VllmTensors.of(request);
        String prompt = t.string("text_input").orElseThrow(
                () -> new IllegalArgumentException("expected input 'text_input' for model '" + request.getModelName() + "'"));
        JsonNode sampling = sampling(t.string("sampling_parameters").orElse("{}"));
        double temperature = sampling.path("temperature").asDouble(0);
        int maxTokens = sampling.path("max_tokens").asInt(16);
        // Without a seed, sampled judgements differ per request (as vLLM's do); with one they repeat.
        long seed = sampling.has("seed") ? sampling.path("seed").asLong() : request.getId().hashCode();
        String full = judge.judge(prompt, temperature, seed);
        String text = TokenEstimate.truncate(full, maxTokens);
        boolean exclude = t.bool("exclude_input_in_output").orElse(false);
        InferParameter empty = request.getParametersMap().get("triton_enable_empty_final_response");
        return new GenerationJob(request, prompt, text, text.length() < full.length() ? "length" : "stop",
                TokenEstimate.tokens(prompt), TokenEstimate.tokens(text), exclude,
                streaming && empty != null && empty.getBoolParam(),
                t.bool("return_finish_reason").orElse(false),
                t.bool("return_num_input_tokens").orElse(false),
                t.bool("return_num_output_tokens").orElse(false));
    }

    private static JsonNode sampling(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("sampling_parameters is not valid JSON: " + e.getMessage());
        }
    }

    /** The response with the generated outputs; {@code last} marks it final. */
    ModelInferResponse dataResponse(boolean last) {
        ModelInferResponse.Builder b = header();
        VllmTensors.addString(b, "text_output", excludeInput ? text : prompt + text);
        if (returnFinishReason) VllmTensors.addString(b, "finish_reason", finishReason);
        if (returnInputTokens) VllmTensors.addUint32(b, "num_input_tokens", promptTokens);
        if (returnOutputTokens) VllmTensors.addUint32(b, "num_output_tokens", outputTokens);
        if (last) b.putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(true).build());
        return b.build();
    }

    /** The empty response that only says "this request is finished". */
    ModelInferResponse finalMarker() {
        return header().putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(true).build()).build();
    }

    private ModelInferResponse.Builder header() {
        return ModelInferResponse.newBuilder()
                .setModelName(request.getModelName())
                .setModelVersion(request.getModelVersion().isEmpty() ? "1" : request.getModelVersion())
                .setId(request.getId());
    }
}
