package dev.arbiter.judge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.VerdictStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the absolute-scale parsers against golden/absolute-verdicts.txt: realistic judge outputs
 * (markdown, several markers, truncation, non-English, markers inside quoted responses, in every quoting form {@link QuotedSpans} knows), each
 * with the verdict it must produce. Entry header: {@code ### id | parser | min..max | expected}.
 */
class AbsoluteVerdictGoldenCorpusTest {

    record Entry(String id, String parser, double min, double max, String expected, String text) {
        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<Entry> corpus() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (GoldenCorpus.Entry e : GoldenCorpus.load("/golden/absolute-verdicts.txt")) {
            String[] scale = e.field(2).split("\\.\\.");
            entries.add(new Entry(e.field(0), e.field(1), Double.parseDouble(scale[0]), Double.parseDouble(scale[1]),
                    e.field(3), e.text()));
        }
        assertThat(entries).hasSizeGreaterThanOrEqualTo(40);
        return entries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parserReadsTheJudgesOwnVerdictOrFails(Entry e) {
        GradingVerdict v = VerdictParser.named(e.parser()).parse(e.text(), e.min(), e.max());
        assertThat(v.rawText()).isEqualTo(e.text());
        if (e.expected().equals("PARSE_FAILED")) {
            assertThat(v.status()).as(e.id()).isEqualTo(VerdictStatus.PARSE_FAILED);
            assertThat(v.rating()).isEmpty();
            assertThat(v.reason()).isNotBlank();
        } else {
            double expected = Double.parseDouble(e.expected().substring("OK ".length()));
            assertThat(v.status()).as(e.id() + ": " + v.reason()).isEqualTo(VerdictStatus.OK);
            assertThat(v.rating()).hasValue(expected);
            assertThat(v.normalized().getAsDouble()).isBetween(0.0, 1.0);
        }
    }
}
