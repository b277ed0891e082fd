package dev.arbiter.streams.engine;

import dev.arbiter.judge.transport.JudgeRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one kind of judging plugs into the {@link InFlightEngine}: how an accepted item is stored,
 * which judge calls it needs, and how their results become output records. The engine owns
 * everything else (the pending store, the task's lives, retries and giving up, attempts,
 * backpressure, meters), so a new kind of judging is a new branch, not a copy of the engine.
 * Implementations are pure apart from their meters: the engine calls them on the stream thread,
 * and the same stored item must plan to the same calls on every instance that restores it.
 *
 * @param <I> the item the intake accepts (a candidate, a pairwise request)
 * @param <S> what the pending store keeps for it (the item with its acceptance time)
 * @param <P> the prepared work: rendered prompts and whatever the results are read with
 */
public interface Branch<I, S, P> {

    /** Short name for logs and meter tags ({@code grading}, {@code pairwise}). */
    String name();

    /** The item's id: its key in the pending store and in the de-duplication window. */
    String id(I item);

    /** How the pending store keeps this branch's items. */
    PendingForm<I, S> pendingForm();

    /** Items sharing a group key are released to the judge together (prefix-cache reuse). */
    String groupKey(I item);

    /**
     * The calls this item needs under the current judge profile, or why it can no longer be
     * judged (the profile was changed while it was pending). Called on acceptance and again after
     * every restore, so a stored item is always checked against the plan that will judge it.
     */
    Plan<P> plan(I item);

    /** The request of call {@code call} of the prepared work; each attempt has its own request id. */
    JudgeRequest request(P prepared, int call, String requestId);

    /**
     * What the item's calls come to, one result per call ({@link JudgeCallResult.Failed} for a
     * call given up on), following {@link SamplePolicy}: its output records, or a next step
     * that needs more calls (see {@link Step}).
     */
    Step<I> assemble(S stored, P prepared, List<JudgeCallResult> results, int attempts, Instant now);

    /**
     * Items of one task with the same share key while one of them is being judged are judged once:
     * the first one's calls answer the others too (identical responses to one prompt, which
     * policies at low temperature often write). Empty, the default, judges every item on its own.
     * Only for branches whose items take one step.
     */
    default Optional<String> shareKey(I item) {
        return Optional.empty();
    }

    /**
     * What the calls of the item {@code judgedBy} come to for {@code stored}, an item with the same
     * share key (or that item itself, when others shared its calls); by default as {@link #assemble}.
     */
    default Step<I> assembleShared(S stored, P prepared, List<JudgeCallResult> results, int attempts, Instant now,
                                   String judgedBy) {
        return assemble(stored, prepared, results, attempts, now);
    }

    /** The output records of an item the current plan cannot judge: a failed result naming why. */
    List<Output> withdrawn(S stored, Plan.Withdrawn<P> why, int attempts, Instant now);

    /** Meters for what was just emitted for {@code stored}. */
    void emitted(S stored, List<Output> outputs, Duration sinceAccepted);
}
