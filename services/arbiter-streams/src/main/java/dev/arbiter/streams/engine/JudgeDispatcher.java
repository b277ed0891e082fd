package dev.arbiter.streams.engine;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import dev.arbiter.judge.transport.JudgeRequest;
import dev.arbiter.judge.transport.JudgeFailures;
import dev.arbiter.judge.transport.JudgeTransport;
import dev.arbiter.judge.transport.JudgeTransportException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Keeps the judge saturated but not flooded: at most {@code maxInFlight} calls are outstanding
 * across all stream tasks of this instance, the rest wait in FIFO order (which preserves the
 * prompt grouping the batcher produced), and retries are scheduled here, off the stream
 * thread. Callbacks run on transport or scheduler threads; callers hand results over to their
 * own thread (the stream thread) themselves.
 *
 * <p>A submission carries a {@code wanted} check: when a stream task is closed or migrated its
 * queued submissions are skipped instead of wasting judge time on work another instance owns.
 */
public final class JudgeDispatcher implements AutoCloseable {

    /** One judge call to make, with where its result goes. */
    public record Submission(JudgeRequest request, BooleanSupplier wanted, Consumer<JudgeCallResult> onResult) {
        public Submission {
            Objects.requireNonNull(request);
            Objects.requireNonNull(wanted);
            Objects.requireNonNull(onResult);
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JudgeDispatcher.class);
    /** How long past a call's own deadline the transport may take before the dispatcher gives up on it. */
    static final Duration TRANSPORT_GRACE = Duration.ofSeconds(10);

    private final JudgeTransport transport;
    private final ScheduledExecutorService scheduler;
    private final Duration transportGrace;
    private final int maxInFlight;
    private final Deque<Submission> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean closed;

    /**
     * @param transport   the judge
     * @param scheduler   runs delayed retries; owned by the caller
     * @param maxInFlight bound on outstanding calls from this instance
     */
    public JudgeDispatcher(JudgeTransport transport, ScheduledExecutorService scheduler, int maxInFlight) {
        this(transport, scheduler, maxInFlight, TRANSPORT_GRACE);
    }

    JudgeDispatcher(JudgeTransport transport, ScheduledExecutorService scheduler, int maxInFlight, Duration transportGrace) {
        this.transportGrace = Objects.requireNonNull(transportGrace);
        this.transport = Objects.requireNonNull(transport);
        this.scheduler = Objects.requireNonNull(scheduler);
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
        this.maxInFlight = maxInFlight;
    }

    /** Sends now if under the in-flight bound, otherwise queues. Never blocks. */
    public void submit(Submission s) {
        if (!s.wanted().getAsBoolean()) return; // its task was closed while the retry waited
        synchronized (this) {
            if (closed) {
                failLater(s, new JudgeTransportException(JudgeTransportException.Kind.CLOSED, "dispatcher closed"));
                return;
            }
            if (inFlight >= maxInFlight) {
                waiting.addLast(s);
                return;
            }
            inFlight++;
        }
        send(s);
    }

    /**
     * Submits after a delay (retry backoff). Once the scheduler is shutting down the retry is
     * dropped without a word to the caller: it runs on a stream thread that may be committing,
     * and the item is still in its owner's pending store, so the next owner re-submits it.
     */
    public void submitAfter(Duration delay, Submission s) {
        try {
            scheduler.schedule(() -> submit(s), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            LOG.debug("retry of {} dropped: the dispatcher is shutting down", s.request().requestId());
        }
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int waiting() {
        return waiting.size();
    }

    private void send(Submission s) {
        CompletableFuture<?> call;
        try {
            // Safety net: a transport must complete every call by its deadline; if one ever does
            // not, the slot and the candidate would be stuck for good. Give it a grace period,
            // then treat the call as timed out (retryable) and log loudly.
            call = transport.call(s.request())
                    .orTimeout(s.request().deadline().plus(transportGrace).toMillis(), TimeUnit.MILLISECONDS)
                    .handle((answer, error) -> {
                        JudgeCallResult result = error == null
                                ? new JudgeCallResult.Answered(answer)
                                : new JudgeCallResult.Failed(classify(error instanceof TimeoutException
                                        ? new TimeoutException("no answer within the call's deadline plus "
                                                + transportGrace)
                                        : error));
                        try {
                            s.onResult().accept(result);
                        } finally {
                            release();
                        }
                        return null;
                    });
        } catch (RuntimeException e) {
            try {
                s.onResult().accept(new JudgeCallResult.Failed(classify(e)));
            } finally {
                release();
            }
            return;
        }
        Objects.requireNonNull(call);
    }

    /** Frees a slot and starts the next wanted waiting submission, if any. */
    private void release() {
        Submission next = null;
        synchronized (this) {
            inFlight--;
            while (!waiting.isEmpty()) {
                Submission candidate = waiting.pollFirst();
                if (candidate.wanted().getAsBoolean()) {
                    next = candidate;
                    inFlight++;
                    break;
                }
            }
        }
        // Started on the scheduler, not here: release() runs inside the previous call's completion,
        // and a chain of calls that fail synchronously would otherwise recurse once per waiting
        // submission (deep enough, with thousands queued, to overflow the stack inside a
        // CompletableFuture callback, where the error would be swallowed and results lost).
        if (next != null) {
            Submission toSend = next;
            try {
                scheduler.execute(() -> send(toSend));
            } catch (RejectedExecutionException shuttingDown) {
                failClosed(toSend);
            }
        }
    }


    private void failClosed(Submission lost) {
        lost.onResult().accept(new JudgeCallResult.Failed(
                new JudgeTransportException(JudgeTransportException.Kind.CLOSED, "dispatcher shutting down")));
    }

    private void failLater(Submission s, JudgeTransportException e) {
        scheduler.execute(() -> s.onResult().accept(new JudgeCallResult.Failed(e)));
    }

    private JudgeTransportException classify(Throwable error) {
        JudgeTransportException classified = JudgeFailures.classify(error);
        if (classified.kind() == JudgeTransportException.Kind.UNRESPONSIVE
                || classified.kind() == JudgeTransportException.Kind.INTERNAL) {
            LOG.warn("judge call failed inside the client ({}); retried as if the judge were away, the grace past "
                    + "each call's deadline is {}", classified.getMessage(), transportGrace);
        }
        return classified;
    }

    /** Stops accepting work; queued submissions are dropped (their owners re-submit from state). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
        }
    }
}
