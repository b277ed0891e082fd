package dev.arbiter.judge.transport;

import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous boundary between Arbiter's streaming code and whatever serves the judge
 * model. The production implementation speaks Triton's gRPC protocol; the streams topology
 * knows only this interface, so it never touches gRPC types. Implementations must never block
 * the caller: {@link #generate} returns at once, and the future completes on a transport
 * thread, exceptionally with a {@link JudgeTransportException} whose kind says whether a retry
 * can help.
 */
public interface JudgeTransport extends AutoCloseable {

    /** Submits one generation request; completes with the judge's generated text. */
    CompletableFuture<Generation> generate(GenerationRequest request);

    /** Releases channels and threads; outstanding futures complete exceptionally. */
    @Override
    void close();
}
