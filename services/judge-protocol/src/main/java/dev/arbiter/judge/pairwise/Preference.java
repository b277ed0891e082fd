package dev.arbiter.judge.pairwise;

/**
 * What a pairwise judge preferred, by position as the judge saw the prompt: the first response
 * shown, the second, or neither. Positional on purpose: mapping back to candidates A and B
 * needs to know whether the order was swapped, which only the caller knows (see
 * {@code dev.arbiter.judge.consolidate.Winner}).
 */
public enum Preference {
    /** The response in position 1 ("Response 1", "[[A]]"). */
    FIRST,
    /** The response in position 2 ("Response 2", "[[B]]"). */
    SECOND,
    /** A tie ("Tie", "[[C]]"). */
    TIE
}
