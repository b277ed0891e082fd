package dev.arbiter.streams.engine;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Hands judge answers from transport threads to the stream thread that owns a task, and tells
 * answers of the task's current life from stale ones. Every batch of calls gets a token; after
 * {@link #close} (task revoked, or closed dirty to be revived) no earlier token is wanted, so a
 * late answer can never be emitted by a task that has since restarted from its changelog.
 *
 * @param <T> what a transport thread posts (a completion record naming its token)
 */
public final class CompletionMailbox<T> {

    private final LinkedBlockingQueue<T> inbox = new LinkedBlockingQueue<>();
    /** Written only by the stream thread. */
    private long lastToken;
    /** Tokens below this belong to a previous life of the task: their answers are unwanted. */
    private volatile long firstLiveToken = Long.MAX_VALUE;

    /** Starts a life of the task (processor init). */
    public void open() {
        firstLiveToken = lastToken + 1;
    }

    /** A token for the next batch of calls of this life. */
    public long nextToken() {
        return ++lastToken;
    }

    /** Whether calls issued under {@code token} are still wanted (checked before a queued call is sent). */
    public BooleanSupplier wanted(long token) {
        return () -> token >= firstLiveToken;
    }

    /** Called from transport threads. */
    public void post(T completion) {
        inbox.add(completion);
    }

    /** Hands every waiting completion to {@code handler}, on the calling (stream) thread. */
    public void drain(Consumer<T> handler) {
        T done;
        while ((done = inbox.poll()) != null) handler.accept(done);
    }

    /** Backpressure: waits up to {@code wait} for one completion, then drains. */
    public void awaitAndDrain(Duration wait, Consumer<T> handler) {
        try {
            T done = inbox.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (done != null) handler.accept(done);
            drain(handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    /** Ends this life: nothing issued so far is wanted any more; waiting completions are dropped. */
    public void close() {
        firstLiveToken = Long.MAX_VALUE;
        inbox.clear();
    }
}
