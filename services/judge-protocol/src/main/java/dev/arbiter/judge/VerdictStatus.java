package dev.arbiter.judge;

/** Whether a verdict could be read from the judge's generated text. */
public enum VerdictStatus {
    /** A well-formed verdict marker was found; the rating is usable. */
    OK,
    /** No verdict marker, or a malformed or out-of-scale one: the raw text is kept, no rating. */
    PARSE_FAILED
}
