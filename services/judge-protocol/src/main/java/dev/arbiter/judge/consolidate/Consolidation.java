package dev.arbiter.judge.consolidate;

/**
 * How two orders' verdicts become one winner once they are mapped back to A and B.
 * CONSERVATIVE is MT-Bench's rule and the default: a winner only when both orders name the same
 * winner, otherwise a tie, so position bias can only ever produce ties, never a spurious winner.
 * LENIENT also accepts a win in one order with a tie in the other, recovering signal from judges
 * that hedge; contradictory wins are still a tie.
 */
public enum Consolidation {
    CONSERVATIVE,
    LENIENT
}
