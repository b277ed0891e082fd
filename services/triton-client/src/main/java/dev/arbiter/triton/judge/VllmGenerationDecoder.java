package dev.arbiter.triton.judge;

import dev.arbiter.judge.transport.Generation;
import dev.arbiter.triton.client.InferOutputs;
import dev.arbiter.triton.proto.ModelInferResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Folds the responses Triton's vLLM backend sent for one request into a {@link Generation}.
 * {@code text_output} pieces are concatenated in arrival order (with {@code stream=true} each
 * response carries only the new text; with {@code stream=false} there is one piece, and the
 * closing empty final response adds nothing). {@code num_output_tokens} is likewise a per-response
 * delta and is summed; {@code num_input_tokens} and {@code finish_reason} are taken from the last
 * response that has them. Missing optional outputs leave the fields empty. The backend writes an
 * unfinished sequence's reason as the string "None", which is treated as unknown.
 */
public final class VllmGenerationDecoder {

    static final String TEXT_OUTPUT = "text_output";
    static final String FINISH_REASON = "finish_reason";
    static final String NUM_INPUT_TOKENS = "num_input_tokens";
    static final String NUM_OUTPUT_TOKENS = "num_output_tokens";

    /**
     * @throws IllegalArgumentException if no response carried {@code text_output} or a tensor is
     *                                  malformed
     */
    public Generation decode(String requestId, List<ModelInferResponse> responses, Duration latency) {
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        String finishReason = "";
        OptionalLong inputTokens = OptionalLong.empty();
        long outputTokens = 0;
        boolean sawOutputTokens = false;
        for (ModelInferResponse response : responses) {
            InferOutputs outputs = InferOutputs.of(response);
            Optional<List<String>> piece = outputs.strings(TEXT_OUTPUT);
            if (piece.isPresent()) {
                sawText = true;
                piece.get().stream().findFirst().ifPresent(text::append);
            }
            Optional<String> reason = outputs.strings(FINISH_REASON).flatMap(l -> l.stream().findFirst());
            if (reason.isPresent() && !reason.get().isEmpty() && !"None".equals(reason.get())) {
                finishReason = reason.get();
            }
            OptionalLong in = outputs.firstInteger(NUM_INPUT_TOKENS);
            if (in.isPresent()) inputTokens = in;
            OptionalLong out = outputs.firstInteger(NUM_OUTPUT_TOKENS);
            if (out.isPresent()) {
                sawOutputTokens = true;
                outputTokens += out.getAsLong();
            }
        }
        if (!sawText) {
            throw new IllegalArgumentException("none of the " + responses.size()
                    + " response(s) carried a '" + TEXT_OUTPUT + "' output");
        }
        return new Generation(requestId, text.toString(), finishReason,
                inputTokens.isPresent() ? OptionalInt.of(Math.toIntExact(inputTokens.getAsLong())) : OptionalInt.empty(),
                sawOutputTokens ? OptionalInt.of(Math.toIntExact(outputTokens)) : OptionalInt.empty(),
                latency);
    }
}
