package dev.arbiter.triton.judge;

import java.util.Objects;

/**
 * How {@link TritonJudgeTransport} talks to the judge model.
 *
 * @param mode                     STREAM for decoupled (vLLM) models, UNARY otherwise
 * @param modelVersion             Triton model version to call; "" lets the server pick
 * @param requestAdditionalOutputs send the vLLM backend's {@code return_finish_reason},
 *                                 {@code return_num_input_tokens} and {@code return_num_output_tokens}
 *                                 flags. Backends older than r24.12 (and some in between, for the
 *                                 input-token count) do not declare these inputs, and Triton rejects
 *                                 undeclared inputs, so turn it off for them
 */
public record TritonJudgeConfig(InferMode mode, String modelVersion, boolean requestAdditionalOutputs) {

    public TritonJudgeConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** Streaming, server-chosen version, additional outputs requested. */
    public static TritonJudgeConfig defaults() {
        return new TritonJudgeConfig(InferMode.STREAM, "", true);
    }

    public TritonJudgeConfig withMode(InferMode m) {
        return new TritonJudgeConfig(m, modelVersion, requestAdditionalOutputs);
    }

    public TritonJudgeConfig withModelVersion(String version) {
        return new TritonJudgeConfig(mode, version, requestAdditionalOutputs);
    }

    public TritonJudgeConfig withAdditionalOutputs(boolean request) {
        return new TritonJudgeConfig(mode, modelVersion, request);
    }
}
