package dev.arbiter.streams.engine;

import dev.arbiter.judge.transport.JudgeTransportException;

/** What the engine reports, per branch; the metrics package implements it on Micrometer. */
public interface EngineMetrics {

    /** An item was accepted into the pending store. */
    void accepted();

    /** Change in accepted-but-unfinished items on this instance. */
    void pendingDelta(int delta);

    /** Change in items being judged (held in memory) on this instance. */
    void activeDelta(int delta);

    /** A failed call was scheduled again. */
    void retried(JudgeTransportException.Kind kind);

    /** A call was given up on (its item's result then follows the sample policy). */
    void gaveUp(JudgeTransportException.Kind kind);

    /** An item could not be judged under the current plan and got a failed result. */
    void withdrawn(String flag);
}
