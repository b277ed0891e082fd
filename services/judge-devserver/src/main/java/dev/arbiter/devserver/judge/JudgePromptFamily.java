package dev.arbiter.devserver.judge;

/** The judge prompt formats the development judge recognises, and the verdict each expects. */
public enum JudgePromptFamily {
    /** Auto-J single-response grading; answers end with {@code Rating: [[k]]}, k in 1..10. */
    AUTOJ_SINGLE,
    /** Auto-J pairwise; answers end with "So, the final decision is Response 1 / Response 2 / Tie". */
    AUTOJ_PAIRWISE,
    /** MT-Bench single or reference-guided grading; {@code Rating: [[k]]}. */
    MTBENCH_SINGLE,
    /** MT-Bench pairwise; {@code [[A]]}, {@code [[B]]} or {@code [[C]]}. */
    MTBENCH_PAIRWISE,
    /** Self-Rewarding additive 0-5 points; {@code Score: k}. */
    ADDITIVE,
    /** Not a judge prompt: a reply without any verdict. */
    UNKNOWN
}
