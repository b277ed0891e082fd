package dev.arbiter.judge.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The judge's answer to one {@link GenerationRequest}: only the generated text (a transport
 * must request that the prompt is not echoed), why generation stopped, and token counts when
 * the backend reports them.
 *
 * @param requestId    the id of the request this answers
 * @param text         generated text only
 * @param finishReason "stop", "length" (hit max tokens) or backend-specific; empty if unknown
 * @param inputTokens  prompt tokens counted by the backend, if reported
 * @param outputTokens generated tokens, if reported
 * @param latency      time from submission to the final response
 */
public record Generation(
        String requestId,
        String text,
        String finishReason,
        OptionalInt inputTokens,
        OptionalInt outputTokens,
        Duration latency) implements JudgeAnswer {

    public Generation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(text, "text");
        finishReason = finishReason == null ? "" : finishReason;
        inputTokens = inputTokens == null ? OptionalInt.empty() : inputTokens;
        outputTokens = outputTokens == null ? OptionalInt.empty() : outputTokens;
        Objects.requireNonNull(latency, "latency");
    }

    /** True when the backend stopped because it hit the token cap: the verdict may be cut off. */
    public boolean truncatedByLength() {
        return "length".equals(finishReason);
    }
}
