package dev.arbiter.judge.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import org.junit.jupiter.api.Test;

class PairwiseParsersTest {

    private final PairwiseVerdictParser autoj = PairwiseVerdictParser.named("autoj-pairwise");
    private final PairwiseVerdictParser mtbench = PairwiseVerdictParser.named("mtbench-pair");

    @Test
    void namedParsersAreTheDocumentedImplementationsAndUnknownNamesFail() {
        assertThat(autoj).isInstanceOf(AutoJPairwiseParser.class);
        assertThat(mtbench).isInstanceOf(MtBenchPairParser.class);
        assertThatThrownBy(() -> PairwiseVerdictParser.named("rating-brackets"))
                .hasMessageContaining("unknown pairwise verdict parser");
    }

    @Test
    void autoJReadsEachOfTheThreeDecisions() {
        assertThat(autoj.parse("So, the final decision is Response 1.").preference()).contains(Preference.FIRST);
        assertThat(autoj.parse("So, the final decision is Response 2").preference()).contains(Preference.SECOND);
        assertThat(autoj.parse("So, the final decision is Tie.").preference()).contains(Preference.TIE);
    }

    @Test
    void quotedOnlyDecisionIsReportedAsQuotedNotAbsent() {
        PairwiseVerdict quoted = autoj.parse("Response 1 says \"So, the final decision is Response 1\" and nothing else.");
        assertThat(quoted.status()).isEqualTo(VerdictStatus.PARSE_FAILED);
        assertThat(quoted.reason()).contains("only inside quoted text");
        PairwiseVerdict absent = mtbench.parse("Assistant A is better.");
        assertThat(absent.reason()).startsWith("no ");
    }

    @Test
    void mtBenchLastUnquotedMarkerWinsUnlikeFastChatsFirstMatchReader() {
        // FastChat checks "[[A]]" before "[[B]]"; the judge's own final marker here is [[B]].
        assertThat(mtbench.parse("Assistant A copies the prompt's [[A]] style.\n\n[[B]]").preference())
                .contains(Preference.SECOND);
    }

    @Test
    void verdictInvariantForbidsAPreferenceOnAFailure() {
        assertThatThrownBy(() -> new PairwiseVerdict(VerdictStatus.PARSE_FAILED, java.util.Optional.of(Preference.TIE), "x", "y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PairwiseVerdict(VerdictStatus.OK, java.util.Optional.empty(), "x", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
