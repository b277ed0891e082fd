package dev.arbiter.judge.transport;

import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous boundary between Arbiter's streaming code and whatever serves the judge
 * model (a generative judge, or a scalar reward model). The production implementation speaks Triton's gRPC protocol; the streams topology
 * knows only this interface, so it never touches gRPC types. Implementations must never block
 * the caller: {@link #generate} returns at once, and the future completes on a transport
 * thread, exceptionally with a {@link JudgeTransportException} whose kind says whether a retry
 * can help.
 */
public interface JudgeTransport extends AutoCloseable {

    /** Submits one generation request; completes with the judge's generated text. */
    CompletableFuture<Generation> generate(GenerationRequest request);

    /**
     * Submits one request to a scalar reward model; completes with its score. A transport that
     * serves no scalar model refuses it as an invalid request (retrying cannot help).
     */
    default CompletableFuture<Score> score(ScoreRequest request) {
        return CompletableFuture.failedFuture(new JudgeTransportException(JudgeTransportException.Kind.INVALID_REQUEST,
                "this judge transport serves no scalar model; '" + request.model() + "' cannot score"));
    }

    /** Submits a request of either kind. */
    default CompletableFuture<? extends JudgeAnswer> call(JudgeRequest request) {
        if (request instanceof GenerationRequest g) return generate(g);
        return score((ScoreRequest) request);
    }

    /** Releases channels and threads; outstanding futures complete exceptionally. */
    @Override
    void close();
}
