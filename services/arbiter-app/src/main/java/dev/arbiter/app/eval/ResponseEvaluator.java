package dev.arbiter.app.eval;

import dev.arbiter.judge.ChatTurn;
import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.GradingRequest;
import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.profile.JudgeProfile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Grades rated responses with a profile's single-grading protocol, through {@link JudgeCalls}. */
public final class ResponseEvaluator {

    private final JudgeCalls calls;

    public ResponseEvaluator(JudgeCalls calls) {
        this.calls = Objects.requireNonNull(calls);
    }

    public CompletableFuture<RatingJudgement> judge(RatedResponse r, JudgeProfile profile) {
        GradingProtocol protocol = profile.grading(ProtocolKind.SINGLE)
                .orElseThrow(() -> new IllegalArgumentException("judge profile " + profile.name() + " has no single grading"));
        String prompt = protocol.render(new GradingRequest(List.of(new ChatTurn("user", r.prompt())), r.response(), Optional.empty(),
                Optional.of(r.scenario()))).text();
        return calls.call(profile, prompt).thenApply(answer -> {
            if (answer.failed()) return new RatingJudgement(r.line(), profile.name(), r.scenario(), r.rating(), null, "JUDGE_FAILED", answer.text());
            GradingVerdict v = protocol.parse(answer.text());
            return new RatingJudgement(r.line(), profile.name(), r.scenario(), r.rating(),
                    v.rating().isPresent() ? v.rating().getAsDouble() : null, v.status().name(), v.rawText());
        });
    }
}
