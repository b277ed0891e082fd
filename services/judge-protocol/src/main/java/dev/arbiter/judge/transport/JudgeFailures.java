package dev.arbiter.judge.transport;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one classifier for failures that are not already a {@link JudgeTransportException}: what
 * the transport's future completed with, what a caller's own safety timeout produced, what a
 * transport threw. Wrappers ({@code CompletionException}, {@code ExecutionException}) are
 * unwrapped; a classified failure inside keeps its kind; cancellation is {@code CLOSED}; a
 * timeout is {@code UNRESPONSIVE}; anything else is {@code INTERNAL}. None of the last three is
 * the input's fault (see {@link JudgeTransportException.Fault}): a client bug must never turn
 * into failed rewards for the inputs that happened to be in flight.
 */
public final class JudgeFailures {

    private JudgeFailures() {}

    public static JudgeTransportException classify(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof JudgeTransportException classified) return classified;
        if (t instanceof CancellationException) {
            return new JudgeTransportException(JudgeTransportException.Kind.CLOSED, "call cancelled", t);
        }
        if (t instanceof TimeoutException) {
            return new JudgeTransportException(JudgeTransportException.Kind.UNRESPONSIVE,
                    "the judge transport did not complete the call: " + t.getMessage(), t);
        }
        return new JudgeTransportException(JudgeTransportException.Kind.INTERNAL, "unexpected failure in the judge client: " + t, t);
    }

    /** The failure behind future and executor wrappers. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
