package dev.arbiter.streams.grading;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.streams.intake.Rejection;
import java.util.Optional;

/**
 * How this deployment judges a candidate: which protocol (resolving DEFAULT), which template
 * and judge profile. Implementations are pure and thread-safe; the topology calls them on
 * stream threads.
 */
public interface JudgingPlan {

    /** Why this deployment cannot judge the candidate (e.g. an unsupported protocol), if so. */
    Optional<Rejection> check(CandidateGeneration candidate);

    /** Renders the judge prompt for a candidate that passed {@link #check}. */
    PreparedJudgement prepare(CandidateGeneration candidate);

    /**
     * What a reward says about the judge when a candidate could not be judged at all (its
     * protocol was withdrawn while it was pending): this deployment's judge, no template, and the
     * scale of the default protocol.
     */
    Unjudged unjudged();

    /** The judge fields of a reward for a candidate that was not judged. */
    record Unjudged(JudgeRef judge, double scaleMin, double scaleMax) {}
}
