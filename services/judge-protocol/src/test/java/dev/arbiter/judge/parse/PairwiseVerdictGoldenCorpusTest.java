package dev.arbiter.judge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.judge.VerdictStatus;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the pairwise parsers against golden/pairwise-verdicts.txt: realistic Auto-J and MT-Bench
 * judge outputs (markdown, revised decisions, truncation, non-English critiques, decision
 * markers inside quoted candidate text, in every quoting form {@link QuotedSpans} knows), each with the positional preference it must produce.
 * Entry header: {@code ### id | parser | FIRST|SECOND|TIE|PARSE_FAILED}.
 */
class PairwiseVerdictGoldenCorpusTest {

    record Entry(String id, String parser, String expected, String text) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Entry> load(String resource) throws IOException {
        return GoldenCorpus.load(resource).stream()
                .map(e -> new Entry(e.field(0), e.field(1), e.field(2), e.text())).toList();
    }

    static Stream<Entry> corpus() throws IOException {
        List<Entry> entries = load("/golden/pairwise-verdicts.txt");
        assertThat(entries).hasSizeGreaterThanOrEqualTo(20);
        return entries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parserReadsTheJudgesOwnDecisionOrFails(Entry e) {
        PairwiseVerdict v = PairwiseVerdictParser.named(e.parser()).parse(e.text());
        assertThat(v.rawText()).isEqualTo(e.text());
        if (e.expected().equals("PARSE_FAILED")) {
            assertThat(v.status()).as(e.id()).isEqualTo(VerdictStatus.PARSE_FAILED);
            assertThat(v.preference()).isEmpty();
            assertThat(v.reason()).isNotBlank();
        } else {
            assertThat(v.status()).as(e.id() + ": " + v.reason()).isEqualTo(VerdictStatus.OK);
            assertThat(v.preference()).as(e.id()).contains(Preference.valueOf(e.expected()));
            assertThat(v.reason()).isEmpty();
        }
    }

    @Test
    void corpusCoversBothParsersEveryOutcomeAndTogetherWithTheAbsoluteCorpusReachesSixty() throws IOException {
        List<Entry> entries = load("/golden/pairwise-verdicts.txt");
        assertThat(entries).extracting(Entry::parser).contains("autoj-pairwise", "mtbench-pair");
        for (String parser : List.of("autoj-pairwise", "mtbench-pair")) {
            assertThat(entries.stream().filter(e -> e.parser().equals(parser)).map(Entry::expected))
                    .as(parser).contains("FIRST", "SECOND", "TIE", "PARSE_FAILED");
        }
        String absolute;
        try (InputStream in = getClass().getResourceAsStream("/golden/absolute-verdicts.txt")) {
            absolute = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long absoluteEntries = absolute.lines().filter(l -> l.startsWith("### ")).count();
        assertThat(absoluteEntries + entries.size()).isGreaterThanOrEqualTo(60);
    }
}
