package dev.arbiter.streams.health;

import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.RewardStatus;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One judgement reduced to what the judge-health measures count, under the dimensions they are
 * kept by. Built once per {@link JudgeFact} by {@link Observations}, and read alike by the
 * meters and the judge-metrics windows, so the scrape and the topic cannot disagree about what a
 * judgement counted as.
 */
public sealed interface Observation {

    Dimensions dims();

    /** Judge calls spent on this judgement, retries included. */
    int judgeCalls();

    /** Who judged what: the bounded dimensions of every judge-health measure. */
    record Dimensions(JudgementSource source, JudgeRef judge, String scenarioGroup) {
        public Dimensions {
            Objects.requireNonNull(source);
            Objects.requireNonNull(judge);
            Objects.requireNonNull(scenarioGroup);
        }
    }

    /**
     * A single-grading reward.
     *
     * @param rating            the normalised 0-1 rating, for OK rewards
     * @param voteAgreement     share of samples agreeing, for OK rewards judged by majority vote
     * @param responseKiloChars the graded response's length in thousands of characters
     */
    record Graded(Dimensions dims, int judgeCalls, RewardStatus status, boolean truncated, boolean hackingFlagged,
                  OptionalDouble rating, OptionalDouble voteAgreement, double responseKiloChars) implements Observation {
        public Graded {
            Objects.requireNonNull(dims);
            Objects.requireNonNull(status);
            Objects.requireNonNull(rating);
            Objects.requireNonNull(voteAgreement);
        }
    }

    /** Which response a pair of unequal lengths was consolidated in favour of, by length. */
    enum LengthWinner {
        LONGER, SHORTER, TIE,
        /** Equal lengths, or no consolidated winner: not counted. */
        NOT_COUNTED
    }

    /**
     * A consolidated pairwise result.
     *
     * @param measured     both orders judged and parsed (the denominator of consistency)
     * @param consistent   the verdict survived the swap
     * @param shownFirst   parsed raw judgements that named the response shown first
     * @param shownSecond  ... the response shown second
     * @param shownTie     ... a tie
     */
    record Compared(Dimensions dims, int judgeCalls, boolean measured, boolean consistent, int shownFirst,
                    int shownSecond, int shownTie, LengthWinner lengthWinner) implements Observation {
        public Compared {
            Objects.requireNonNull(dims);
            Objects.requireNonNull(lengthWinner);
            if (consistent && !measured) throw new IllegalArgumentException("consistency is only known when measured");
        }
    }
}
