package dev.arbiter.streams.emit;

/**
 * The machine-readable flags a reward record may carry (the {@code flags} array). Strings on
 * the wire rather than an Avro enum, so adding a flag never breaks an old reader.
 */
public final class RewardFlags {
    /** The judge prompt was cut to fit the judge's context window. */
    public static final String PROMPT_TRUNCATED = "PROMPT_TRUNCATED";
    /** The judge hit its output token cap; the verdict may be missing. */
    public static final String GENERATION_TRUNCATED = "GENERATION_TRUNCATED";
    /** The judge's text had no usable verdict marker. */
    public static final String PARSE_FAILED = "PARSE_FAILED";
    /** The response contains judge verdict markers or instructions aimed at the judge. */
    public static final String REWARD_HACKING_SUSPECTED = "REWARD_HACKING_SUSPECTED";
    /** Identical responses to one prompt were judged once; {@code shared_verdict_of} names whose calls. */
    public static final String SHARED_VERDICT = "SHARED_VERDICT";
    /** A scalar model scored the response against the question: the candidate had no reference answer. */
    public static final String SCORED_AGAINST_QUESTION = "SCORED_AGAINST_QUESTION";
    /** A scalar model's score fell outside its profile's declared range; the reward was clipped to 0 or 1. */
    public static final String SCORE_CLIPPED = "SCORE_CLIPPED";
    /** The judge refused the request for good; no reward value. */
    public static final String JUDGE_FAILED = "JUDGE_FAILED";

    private RewardFlags() {}
}
