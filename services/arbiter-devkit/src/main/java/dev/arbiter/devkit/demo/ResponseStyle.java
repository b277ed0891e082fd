package dev.arbiter.devkit.demo;

/**
 * The kinds of answer the synthetic policy writes. Each imitates a failure real policies show
 * during RL training, so the demo's rewards spread out and best-of-N has something to choose;
 * REPETITIVE and OVERLONG also probe the judge's verbosity bias.
 */
public enum ResponseStyle {
    /** On topic, complete, well organised (the reference answer when the prompt has one). */
    GOOD,
    /** On topic but a single short sentence that does not really answer. */
    TERSE,
    /** Fluent text about something else entirely. */
    OFF_TOPIC,
    /** One on-topic sentence repeated over and over (the "repetitive list" attack). */
    REPETITIVE,
    /** A non-empty non-answer ("Hmm, not sure."), the least a validator lets through. */
    NEAR_EMPTY,
    /** A good answer buried in padding several times its length. */
    OVERLONG
}
