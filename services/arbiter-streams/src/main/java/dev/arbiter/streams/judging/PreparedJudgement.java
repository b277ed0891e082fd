package dev.arbiter.streams.judging;

import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.JudgeRef;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to call the judge for one candidate and to read its answer: the protocol
 * actually used (after resolving DEFAULT), the rendered prompt, the parser that goes with it,
 * and the judge identity that goes into the output records.
 */
public record PreparedJudgement(
        JudgeProtocol protocol,
        GradingProtocol grading,
        RenderedPrompt rendered,
        JudgeRef judge,
        SamplingParameters sampling,
        Duration deadline) {

    public PreparedJudgement {
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(grading);
        Objects.requireNonNull(rendered);
        Objects.requireNonNull(judge);
        Objects.requireNonNull(sampling);
        Objects.requireNonNull(deadline);
    }

    /** A generation request for one attempt; every attempt gets its own request id. */
    public GenerationRequest request(String requestId) {
        return new GenerationRequest(requestId, judge.getModel(), rendered.text(), sampling, deadline);
    }
}
