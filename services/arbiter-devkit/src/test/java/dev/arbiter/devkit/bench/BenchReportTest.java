package dev.arbiter.devkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void writingReplacesOnlyTheTextBetweenTheMarkers() {
        String doc = "# B\n\nmethod\n\n" + BenchReport.BEGIN + "\nold table\n" + BenchReport.END + "\n\n## Log\nkept\n";
        String out = BenchReport.replaceResults(doc, BenchReport.BEGIN + "\nnew table\n" + BenchReport.END);
        assertThat(out).isEqualTo("# B\n\nmethod\n\n" + BenchReport.BEGIN + "\nnew table\n" + BenchReport.END + "\n\n## Log\nkept\n");
    }

    @Test
    void aDocumentWithoutMarkersGetsTheResultsAppended() {
        assertThat(BenchReport.replaceResults("# B\n", "R")).isEqualTo("# B\n\nR\n");
    }
}
