package dev.arbiter.judge.vote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.consolidate.PairwiseOutcome;
import dev.arbiter.judge.consolidate.PositionSwapConsolidator;
import dev.arbiter.judge.consolidate.Winner;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MajorityVoteTest {

    private final MajorityVote vote = new MajorityVote();

    private static GradingVerdict rated(double r) {
        return GradingVerdict.ok(r, 1, 10, "Rating: [[" + r + "]]");
    }

    private static GradingVerdict failed() {
        return GradingVerdict.parseFailed(1, 10, "no marker", "no [[rating]] marker");
    }

    @Test
    void ratingsGiveMeanMedianAndModalShare() {
        VoteResult r = vote.ofRatings(List.of(rated(7), rated(8), rated(7), rated(3), rated(7)));
        assertThat(r.status()).isEqualTo(VerdictStatus.OK);
        assertThat(r.meanRating().getAsDouble()).isCloseTo(6.4, within(1e-9));
        assertThat(r.medianRating()).hasValue(7.0);
        assertThat(r.valid()).isEqualTo(5);
        assertThat(r.total()).isEqualTo(5);
        assertThat(r.agreement()).isCloseTo(0.6, within(1e-9));
        assertThat(r.normalizedMean().getAsDouble()).isCloseTo((6.4 - 1) / 9, within(1e-9));
    }

    @Test
    void evenCountMedianIsTheMeanOfTheMiddlePairAndTiedModesShareTheAgreement() {
        VoteResult r = vote.ofRatings(List.of(rated(9), rated(4), rated(4), rated(9)));
        assertThat(r.medianRating()).hasValue(6.5);
        assertThat(r.agreement()).isEqualTo(0.5);
    }

    @Test
    void parseFailuresAreCountedButDoNotVote() {
        VoteResult r = vote.ofRatings(List.of(rated(6), failed(), rated(8), failed()));
        assertThat(r.valid()).isEqualTo(2);
        assertThat(r.total()).isEqualTo(4);
        assertThat(r.meanRating()).hasValue(7.0);
        assertThat(r.medianRating()).hasValue(7.0);
        assertThat(r.agreement()).isEqualTo(0.5);
    }

    @Test
    void noValidSampleIsAFailedVoteWithoutAnyScore() {
        VoteResult r = vote.ofRatings(List.of(failed(), failed(), failed()));
        assertThat(r.status()).isEqualTo(VerdictStatus.PARSE_FAILED);
        assertThat(r.meanRating()).isEmpty();
        assertThat(r.medianRating()).isEmpty();
        assertThat(r.normalizedMean()).isEmpty();
        assertThat(r.valid()).isZero();
        assertThat(r.total()).isEqualTo(3);
        assertThat(r.agreement()).isZero();
    }

    @Test
    void samplesOnDifferentScalesOrNoSamplesAreRefused() {
        assertThatThrownBy(() -> vote.ofRatings(List.of(rated(5), GradingVerdict.ok(3, 0, 5, "Score: 3"))))
                .hasMessageContaining("different scales");
        assertThatThrownBy(() -> vote.ofRatings(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vote.ofWinners(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pairwiseMajorityPicksTheMostCommonWinner() {
        PairwiseVoteResult r = vote.ofWinners(List.of(Optional.of(Winner.B), Optional.of(Winner.A),
                Optional.of(Winner.B), Optional.empty(), Optional.of(Winner.TIE)));
        assertThat(r.status()).isEqualTo(VerdictStatus.OK);
        assertThat(r.winner()).contains(Winner.B);
        assertThat(r.counts()).containsEntry(Winner.A, 1).containsEntry(Winner.B, 2).containsEntry(Winner.TIE, 1);
        assertThat(r.valid()).isEqualTo(4);
        assertThat(r.total()).isEqualTo(5);
        assertThat(r.agreement()).isEqualTo(0.5);
    }

    @Test
    void tiedTopCountsBetweenWinnersAreATie() {
        PairwiseVoteResult r = vote.ofWinners(List.of(Optional.of(Winner.A), Optional.of(Winner.B),
                Optional.of(Winner.B), Optional.of(Winner.A)));
        assertThat(r.winner()).contains(Winner.TIE);
        assertThat(r.agreement()).isEqualTo(0.5);
        PairwiseVoteResult withTie = vote.ofWinners(List.of(Optional.of(Winner.A), Optional.of(Winner.TIE)));
        assertThat(withTie.winner()).contains(Winner.TIE);
    }

    @Test
    void pairwiseVoteWithOnlyFailuresHasNoWinner() {
        PairwiseVoteResult r = vote.ofWinners(List.of(Optional.empty(), Optional.empty()));
        assertThat(r.status()).isEqualTo(VerdictStatus.PARSE_FAILED);
        assertThat(r.winner()).isEmpty();
        assertThat(r.total()).isEqualTo(2);
        assertThat(r.agreement()).isZero();
    }

    @Test
    void votesOverConsolidatedOutcomesExcludeFailedOutcomes() {
        PositionSwapConsolidator c = PositionSwapConsolidator.conservative();
        PairwiseVerdict first = PairwiseVerdict.ok(Preference.FIRST, "1");
        PairwiseVerdict second = PairwiseVerdict.ok(Preference.SECOND, "2");
        PairwiseVerdict failed = PairwiseVerdict.parseFailed("?", "none");
        List<PairwiseOutcome> outcomes = List.of(
                c.consolidate(first, second),   // A
                c.consolidate(first, second),   // A
                c.consolidate(first, first),    // position bias -> TIE
                c.consolidate(failed, second)); // failed
        PairwiseVoteResult r = vote.ofOutcomes(outcomes);
        assertThat(r.winner()).contains(Winner.A);
        assertThat(r.valid()).isEqualTo(3);
        assertThat(r.total()).isEqualTo(4);
        assertThat(r.agreement()).isCloseTo(2.0 / 3, within(1e-9));
    }
}
