package dev.arbiter.streams.grading;

import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.profile.VoteSettings;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.SamplingParameters;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.JudgeRef;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to call the judge for one candidate and to read its answer: the protocol
 * actually used (after resolving DEFAULT), the rendered prompt, the parser that goes with it,
 * the judge identity that goes into the output records, and how many sampled judgements to
 * draw (majority vote; 1 means a single greedy judgement).
 */
public record PreparedJudgement(
        JudgeProtocol protocol,
        GradingProtocol grading,
        RenderedPrompt rendered,
        JudgeRef judge,
        SamplingParameters sampling,
        Duration deadline,
        VoteSettings voting) {

    public PreparedJudgement {
        Objects.requireNonNull(protocol);
        Objects.requireNonNull(grading);
        Objects.requireNonNull(rendered);
        Objects.requireNonNull(judge);
        Objects.requireNonNull(sampling);
        Objects.requireNonNull(deadline);
        Objects.requireNonNull(voting);
    }

    /** Judgements to draw for this candidate. */
    public int samples() {
        return voting.samples();
    }

    /** A generation request for one attempt of sample {@code sample}; every attempt gets its own request id. */
    public GenerationRequest request(String requestId, int sample) {
        return new GenerationRequest(requestId, judge.getModel(), rendered.text(), voting.forSample(sampling, sample), deadline);
    }
}
