package dev.arbiter.app.eval;

import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.judge.transport.JudgeTransportException;
import dev.arbiter.streams.engine.JudgeCallResult;
import dev.arbiter.streams.engine.JudgeDispatcher;
import dev.arbiter.streams.engine.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One judge call of an evaluation, through the service's dispatcher (calls in flight bounded)
 * and retry rules: a failed call is sent again after the policy's backoff, and given up after its
 * attempts only when the failure is the input's fault, as the in-flight engine does.
 */
public final class JudgeCalls {

    /** The judge's text, or why there is none after the retries. */
    public record Answer(String text, boolean failed) {}

    private final JudgeDispatcher dispatcher;
    private final RetryPolicy retry;
    private final Duration deadline;

    public JudgeCalls(JudgeDispatcher dispatcher, RetryPolicy retry, Duration deadline) {
        this.dispatcher = Objects.requireNonNull(dispatcher);
        this.retry = Objects.requireNonNull(retry);
        this.deadline = Objects.requireNonNull(deadline);
    }

    public CompletableFuture<Answer> call(JudgeProfile profile, String prompt) {
        CompletableFuture<Answer> done = new CompletableFuture<>();
        submit(profile, prompt, 1, done, Duration.ZERO);
        return done;
    }

    private void submit(JudgeProfile profile, String prompt, int attempt, CompletableFuture<Answer> done, Duration delay) {
        GenerationRequest request = new GenerationRequest("eval-" + UUID.randomUUID(), profile.model(), prompt,
                profile.sampling(), deadline);
        JudgeDispatcher.Submission s = new JudgeDispatcher.Submission(request, () -> !done.isDone(), result -> {
            if (result instanceof JudgeCallResult.Answered a) {
                done.complete(new Answer(a.generation().text(), false));
                return;
            }
            JudgeTransportException error = ((JudgeCallResult.Failed) result).error();
            if (retry.giveUp(error, attempt)) done.complete(new Answer(error.getMessage(), true));
            else submit(profile, prompt, attempt + 1, done, retry.backoff(attempt));
        });
        if (delay.isZero()) dispatcher.submit(s);
        else dispatcher.submitAfter(delay, s);
    }
}
