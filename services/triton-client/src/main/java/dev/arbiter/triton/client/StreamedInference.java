package dev.arbiter.triton.client;

import dev.arbiter.triton.proto.ModelInferResponse;
import java.time.Duration;
import java.util.List;

/**
 * Everything one request received on the shared {@code ModelStreamInfer} stream, in arrival
 * order, ending with the response flagged {@code triton_final_response} (which may be empty or
 * may itself carry outputs). Decoupled models send several responses per request; interpreting
 * them (e.g. concatenating streamed text) is up to the caller, who knows the model's tensors.
 *
 * @param requestId the caller's request id
 * @param responses every response for the request, the final one last
 * @param latency   from submission to the final response
 */
public record StreamedInference(String requestId, List<ModelInferResponse> responses, Duration latency) {

    public StreamedInference {
        responses = List.copyOf(responses);
    }
}
