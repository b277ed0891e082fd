package dev.arbiter.streams.engine;

import dev.arbiter.streams.batching.GroupedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import dev.arbiter.judge.transport.JudgeRequest;
import dev.arbiter.judge.transport.JudgeFailures;
import dev.arbiter.judge.transport.JudgeTransport;
import dev.arbiter.judge.transport.JudgeTransportException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the judge saturated but not flooded: at most {@code maxInFlight} calls are outstanding
 * across all stream tasks of this instance, the rest wait grouped by prompt, groups in order of
 * arrival ({@link GroupedQueue}), and retries are scheduled here, off the stream thread. Grouping
 * the wait matters when the judge is saturated: policy workers interleave prompts, the batcher
 * regroups only what arrives within its short linger, and a judge's prefix cache keeps a
 * prompt only so long; sending a waiting prompt's candidates back to back lets it compute the
 * prompt once. Callbacks run on transport or scheduler threads; callers hand results over to their
 * own thread (the stream thread) themselves.
 *
 * <p>Calls also wait while the {@link CircuitBreaker} is open (the judge is away): instead of
 * every retry reaching a judge that cannot answer, readiness is asked at the probe interval and
 * one trial call decides whether the rest may go.
 *
 * <p>A submission carries a {@code wanted} check: when a stream task is closed or migrated its
 * queued submissions are skipped instead of wasting judge time on work another instance owns.
 */
public final class JudgeDispatcher implements AutoCloseable {

    /**
     * One judge call to make, with where its result goes.
     *
     * @param group calls of one group (a prompt) wait together and leave back to back (see {@link GroupedQueue})
     */
    public record Submission(JudgeRequest request, String group, BooleanSupplier wanted, Consumer<JudgeCallResult> onResult) {
        public Submission {
            Objects.requireNonNull(request);
            Objects.requireNonNull(group);
            Objects.requireNonNull(wanted);
            Objects.requireNonNull(onResult);
        }

        /** A call in a group of its own: it waits in plain arrival order. */
        public Submission(JudgeRequest request, BooleanSupplier wanted, Consumer<JudgeCallResult> onResult) {
            this(request, request.requestId(), wanted, onResult);
        }
    }

    /** Calls of one group sent in a row, at most, while others wait: a best-of-N group's size is far below it. */
    static final int MAX_GROUP_RUN = 64;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JudgeDispatcher.class);
    /** How long past a call's own deadline the transport may take before the dispatcher gives up on it. */
    static final Duration TRANSPORT_GRACE = Duration.ofSeconds(10);

    private final JudgeTransport transport;
    private final ScheduledExecutorService scheduler;
    private final Duration transportGrace;
    private final int maxInFlight;
    private final GroupedQueue<Submission> waiting = new GroupedQueue<>(MAX_GROUP_RUN);
    private final CircuitBreaker breaker;
    private final Supplier<CompletableFuture<Boolean>> readiness;
    private int inFlight;
    private boolean closed;
    private boolean probing;

    /**
     * A dispatcher without a circuit breaker: every call is sent (tests of one collaborator).
     *
     * @param transport   the judge
     * @param scheduler   runs delayed retries; owned by the caller
     * @param maxInFlight bound on outstanding calls from this instance
     */
    public JudgeDispatcher(JudgeTransport transport, ScheduledExecutorService scheduler, int maxInFlight) {
        this(transport, scheduler, maxInFlight, TRANSPORT_GRACE,
                neverOpens(), () -> CompletableFuture.completedFuture(true));
    }

    /**
     * A dispatcher whose calls wait behind {@code breaker} while the judge is away.
     *
     * @param readiness one "is the judge model ready?" question, asked while the breaker is open
     */
    public JudgeDispatcher(JudgeTransport transport, ScheduledExecutorService scheduler, int maxInFlight,
                           CircuitBreaker breaker, Supplier<CompletableFuture<Boolean>> readiness) {
        this(transport, scheduler, maxInFlight, TRANSPORT_GRACE, breaker, readiness);
    }

    JudgeDispatcher(JudgeTransport transport, ScheduledExecutorService scheduler, int maxInFlight, Duration transportGrace) {
        this(transport, scheduler, maxInFlight, transportGrace,
                neverOpens(), () -> CompletableFuture.completedFuture(true));
    }

    private JudgeDispatcher(JudgeTransport transport, ScheduledExecutorService scheduler, int maxInFlight,
                            Duration transportGrace, CircuitBreaker breaker, Supplier<CompletableFuture<Boolean>> readiness) {
        this.transportGrace = Objects.requireNonNull(transportGrace);
        this.transport = Objects.requireNonNull(transport);
        this.scheduler = Objects.requireNonNull(scheduler);
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
        this.maxInFlight = maxInFlight;
        this.breaker = Objects.requireNonNull(breaker);
        this.readiness = Objects.requireNonNull(readiness);
    }

    /** A breaker no failure count reaches: every call is sent. */
    private static CircuitBreaker neverOpens() {
        return new CircuitBreaker(new CircuitBreaker.Settings(Integer.MAX_VALUE, Duration.ofSeconds(1)), System::nanoTime);
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Sends now if under the in-flight bound, otherwise queues. Never blocks. */
    public void submit(Submission s) {
        if (!s.wanted().getAsBoolean()) return; // its task was closed while the retry waited
        synchronized (this) {
            if (closed) {
                failLater(s, new JudgeTransportException(JudgeTransportException.Kind.CLOSED, "dispatcher closed"));
                return;
            }
            if (inFlight >= maxInFlight || !breaker.tryAcquire()) {
                waiting.add(s.group(), s);
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
                        boolean reopened = tell(result);
                        try {
                            s.onResult().accept(result);
                        } finally {
                            release(reopened);
                        }
                        return null;
                    });
        } catch (RuntimeException e) {
            JudgeCallResult failed = new JudgeCallResult.Failed(classify(e));
            boolean reopened = tell(failed);
            try {
                s.onResult().accept(failed);
            } finally {
                release(reopened);
            }
            return;
        }
        Objects.requireNonNull(call);
    }

    /**
     * Tells the breaker how a call went; true when that closed it again (the judge is back), so
     * every free slot should be filled. A judge-away failure that opens it starts the probing.
     */
    private boolean tell(JudgeCallResult result) {
        if (result instanceof JudgeCallResult.Failed f && f.error().fault() == JudgeTransportException.Fault.JUDGE_AWAY) {
            breaker.away();
            if (breaker.state() == CircuitBreaker.State.OPEN) probeLater();
            return false;
        }
        return breaker.answered();
    }

    /** While the breaker is open, asks readiness every probe interval; "ready" half-opens it. */
    private void probeLater() {
        synchronized (this) {
            if (probing || closed) return;
            probing = true;
        }
        try {
            scheduler.schedule(this::probe, breaker.settings().probeInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                probing = false;
            }
        }
    }

    private void probe() {
        CompletableFuture<Boolean> answer;
        try {
            answer = readiness.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(breaker.settings().probeInterval().toMillis() + 1000, TimeUnit.MILLISECONDS)
                .whenComplete((ready, error) -> {
                    synchronized (this) {
                        probing = false;
                    }
                    if (error == null && Boolean.TRUE.equals(ready) && breaker.readyAgain()) {
                        LOG.info("judge ready again after an outage: sending one trial call");
                        startWaiting();
                    } else if (breaker.state() == CircuitBreaker.State.OPEN) {
                        probeLater();
                    }
                });
    }

    /** Frees a slot and starts what may start now. */
    private void release(boolean judgeBack) {
        synchronized (this) {
            inFlight--;
        }
        if (judgeBack) LOG.info("judge answering again: the circuit breaker closed after {}",
                breaker.lastRecovery().map(Duration::toString).orElse("?"));
        startWaiting();
    }

    /**
     * Starts wanted waiting submissions while there are free slots and the breaker lets them through.
     * Each is started on the scheduler, not here: this runs inside the previous call's completion,
     * and a chain of calls that fail synchronously would otherwise recurse once per waiting
     * submission (deep enough, with thousands queued, to overflow the stack inside a
     * CompletableFuture callback, where the error would be swallowed and results lost).
     */
    private void startWaiting() {
        while (true) {
            Submission next = null;
            synchronized (this) {
                while (inFlight < maxInFlight && !waiting.isEmpty()) {
                    Submission candidate = waiting.peek();
                    if (!candidate.wanted().getAsBoolean()) {
                        waiting.poll();
                        continue;
                    }
                    if (!breaker.tryAcquire()) break;
                    waiting.poll();
                    next = candidate;
                    inFlight++;
                    break;
                }
            }
            if (next == null) return;
            Submission toSend = next;
            try {
                scheduler.execute(() -> send(toSend));
            } catch (RejectedExecutionException shuttingDown) {
                synchronized (this) {
                    inFlight--;
                }
                failClosed(toSend);
                return;
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
