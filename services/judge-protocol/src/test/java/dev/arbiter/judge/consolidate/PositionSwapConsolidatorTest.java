package dev.arbiter.judge.consolidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PositionSwapConsolidatorTest {

    private static PairwiseVerdict verdict(String positional) {
        return positional.equals("FAIL")
                ? PairwiseVerdict.parseFailed("judge rambled", "no decision")
                : PairwiseVerdict.ok(Preference.valueOf(positional), "decision " + positional);
    }

    /**
     * Forward shows A first, swapped shows B first, so FIRST means A forward and B swapped.
     * Columns: forward, swapped, policy, status, winner (- when none), consistent, position bias (- when none).
     */
    @ParameterizedTest(name = "{2}: forward {0}, swapped {1} -> {4}")
    @CsvSource({
            "FIRST,  SECOND, CONSERVATIVE, OK, A,   true,  -",
            "SECOND, FIRST,  CONSERVATIVE, OK, B,   true,  -",
            "TIE,    TIE,    CONSERVATIVE, OK, TIE, true,  -",
            "FIRST,  FIRST,  CONSERVATIVE, OK, TIE, false, FIRST",
            "SECOND, SECOND, CONSERVATIVE, OK, TIE, false, SECOND",
            "FIRST,  TIE,    CONSERVATIVE, OK, TIE, false, -",
            "TIE,    SECOND, CONSERVATIVE, OK, TIE, false, -",
            "SECOND, TIE,    CONSERVATIVE, OK, TIE, false, -",
            "TIE,    FIRST,  CONSERVATIVE, OK, TIE, false, -",
            "FAIL,   FIRST,  CONSERVATIVE, PARSE_FAILED, -, false, -",
            "FAIL,   SECOND, CONSERVATIVE, PARSE_FAILED, -, false, -",
            "FAIL,   TIE,    CONSERVATIVE, PARSE_FAILED, -, false, -",
            "FIRST,  FAIL,   CONSERVATIVE, PARSE_FAILED, -, false, -",
            "SECOND, FAIL,   CONSERVATIVE, PARSE_FAILED, -, false, -",
            "TIE,    FAIL,   CONSERVATIVE, PARSE_FAILED, -, false, -",
            "FAIL,   FAIL,   CONSERVATIVE, PARSE_FAILED, -, false, -",
            "FIRST,  SECOND, LENIENT, OK, A,   true,  -",
            "SECOND, FIRST,  LENIENT, OK, B,   true,  -",
            "TIE,    TIE,    LENIENT, OK, TIE, true,  -",
            "FIRST,  FIRST,  LENIENT, OK, TIE, false, FIRST",
            "SECOND, SECOND, LENIENT, OK, TIE, false, SECOND",
            "FIRST,  TIE,    LENIENT, OK, A,   false, -",
            "TIE,    SECOND, LENIENT, OK, A,   false, -",
            "SECOND, TIE,    LENIENT, OK, B,   false, -",
            "TIE,    FIRST,  LENIENT, OK, B,   false, -",
            "FAIL,   FIRST,  LENIENT, PARSE_FAILED, -, false, -",
            "FAIL,   SECOND, LENIENT, PARSE_FAILED, -, false, -",
            "FAIL,   TIE,    LENIENT, PARSE_FAILED, -, false, -",
            "FIRST,  FAIL,   LENIENT, PARSE_FAILED, -, false, -",
            "SECOND, FAIL,   LENIENT, PARSE_FAILED, -, false, -",
            "TIE,    FAIL,   LENIENT, PARSE_FAILED, -, false, -",
            "FAIL,   FAIL,   LENIENT, PARSE_FAILED, -, false, -",
    })
    void consolidatesBothOrdersByTheTruthTable(String forward, String swapped, Consolidation policy,
                                               VerdictStatus status, String winner, boolean consistent, String bias) {
        PairwiseVerdict f = verdict(forward);
        PairwiseVerdict s = verdict(swapped);
        PairwiseOutcome o = new PositionSwapConsolidator(policy).consolidate(f, s);
        assertThat(o.status()).isEqualTo(status);
        assertThat(o.winner()).isEqualTo(winner.equals("-") ? Optional.empty() : Optional.of(Winner.valueOf(winner)));
        assertThat(o.consistent()).isEqualTo(consistent);
        assertThat(o.positionBias()).isEqualTo(bias.equals("-") ? Optional.empty() : Optional.of(Preference.valueOf(bias)));
        assertThat(o.forward()).containsSame(f);
        assertThat(o.swapped()).containsSame(s);
        assertThat(o.consolidation()).isEqualTo(policy);
        assertThat(o.consistencyMeasured()).isEqualTo(!forward.equals("FAIL") && !swapped.equals("FAIL"));
        if (status == VerdictStatus.PARSE_FAILED) assertThat(o.reason()).contains("no readable decision");
    }

    @Test
    void failureReasonNamesTheOrderThatFailed() {
        PositionSwapConsolidator c = PositionSwapConsolidator.conservative();
        assertThat(c.consolidate(verdict("FAIL"), verdict("TIE")).reason()).contains("forward order");
        assertThat(c.consolidate(verdict("TIE"), verdict("FAIL")).reason()).contains("swapped order");
        assertThat(c.consolidate(verdict("FAIL"), verdict("FAIL")).reason()).contains("forward and swapped");
    }

    @Test
    void singleOrderIsUnswappedAndNeverCountsAsConsistent() {
        PositionSwapConsolidator c = PositionSwapConsolidator.conservative();
        PairwiseOutcome forward = c.single(verdict("FIRST"), Order.FORWARD);
        assertThat(forward.winner()).contains(Winner.A);
        assertThat(forward.swapped()).isEmpty();
        assertThat(forward.consistent()).isFalse();
        assertThat(forward.consistencyMeasured()).isFalse();

        PairwiseOutcome swapped = c.single(verdict("FIRST"), Order.SWAPPED);
        assertThat(swapped.winner()).contains(Winner.B);
        assertThat(swapped.forward()).isEmpty();

        PairwiseOutcome failed = c.single(verdict("FAIL"), Order.SWAPPED);
        assertThat(failed.status()).isEqualTo(VerdictStatus.PARSE_FAILED);
        assertThat(failed.winner()).isEmpty();
    }

    @Test
    void consolidatingNothingIsRefused() {
        assertThatThrownBy(() -> PositionSwapConsolidator.conservative().consolidate(Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void winnerUnswapsPositionalPreferences() {
        assertThat(Winner.of(Preference.FIRST, Order.FORWARD)).isEqualTo(Winner.A);
        assertThat(Winner.of(Preference.SECOND, Order.FORWARD)).isEqualTo(Winner.B);
        assertThat(Winner.of(Preference.FIRST, Order.SWAPPED)).isEqualTo(Winner.B);
        assertThat(Winner.of(Preference.SECOND, Order.SWAPPED)).isEqualTo(Winner.A);
        assertThat(Winner.of(Preference.TIE, Order.SWAPPED)).isEqualTo(Winner.TIE);
    }
}
