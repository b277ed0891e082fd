package dev.arbiter.streams.judging;

import dev.arbiter.schema.CandidateGeneration;
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
}
