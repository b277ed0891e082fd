package dev.arbiter.streams.bestofn;

/** What best-of-N grouping and selection report, implemented by the pipeline's meters. */
public interface GroupMeters {

    /** A group closed: COMPLETE, WALL_CLOCK_DEADLINE or STREAM_TIME_DEADLINE. */
    void closed(String reason);

    /** A reward arrived for a group that had already closed. */
    void late();

    /** A group's best-of-N record was emitted, with a preference pair or without. */
    void selected(String strategy, boolean paired);
}
