package dev.arbiter.judge.transport;

import java.time.Duration;

/** What a judge model answered to one {@link JudgeRequest}: a {@link Generation} or a {@link Score}. */
public sealed interface JudgeAnswer permits Generation, Score {

    /** Time from submission to the answer. */
    Duration latency();
}
