package dev.arbiter.judge;

/**
 * The grading protocols a judge profile can offer. Single, reference-guided and additive grade
 * one response on an absolute scale; pairwise compares two.
 */
public enum ProtocolKind {
    /** Critique then an overall rating 1-10 (Auto-J single-response grading). */
    SINGLE,
    /** MT-Bench style grading with the reference answer in the prompt. */
    REFERENCE_GUIDED,
    /** Self-Rewarding LMs' additive 0-5 point grading. */
    ADDITIVE,
    /** Comparison of two responses to one query. */
    PAIRWISE
}
