package dev.arbiter.app.eval;

import java.util.Objects;

/**
 * One labelled pair as one judge profile judged it in both orders, with the verdicts mapped back
 * to the file's labels (0 = response 1, 1 = response 2, 2 = tie) whichever response was shown
 * first: {@code forward} showed response 1 first, {@code swapped} showed response 2 first. A null
 * verdict is a judgement without a usable verdict ({@code *Status} says PARSE_FAILED or
 * JUDGE_FAILED). The raw texts are kept so every number of a report can be checked by hand.
 */
public record PairJudgement(String key, int line, String profile, String scenario, int label, Integer forward,
                            Integer swapped, String forwardStatus, String swappedStatus, String forwardText,
                            String swappedText) {

    public PairJudgement {
        Objects.requireNonNull(key);
        Objects.requireNonNull(profile);
        Objects.requireNonNull(scenario);
        Objects.requireNonNull(forwardStatus);
        Objects.requireNonNull(swappedStatus);
        Objects.requireNonNull(forwardText);
        Objects.requireNonNull(swappedText);
    }

    /** Both orders gave a verdict and they name the same response (or both a tie). */
    public boolean consistent() {
        return forward != null && forward.equals(swapped);
    }

    /** The verdict both orders agree on, or null when they do not. */
    public Integer consolidated() {
        return consistent() ? forward : null;
    }
}
