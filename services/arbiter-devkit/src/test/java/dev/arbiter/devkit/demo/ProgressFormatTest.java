package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressFormatTest {

    private final ProgressSnapshot snapshot = new ProgressSnapshot(Instant.EPOCH, 240, 180, 178, 3, 32);

    @Test
    void lineShowsCountsProgressAndRate() {
        assertThat(ProgressFormat.line(snapshot, Duration.ofSeconds(72), 38.46, 400)).isEqualTo(
                "[01:12] candidates 240/400 | rewards 180/400 (45%) 38.5/s | critiques 178 | dead letters 3 | judge in-flight 32");
    }

    @Test
    void unboundedRunsShowNoTotals() {
        assertThat(ProgressFormat.line(snapshot, Duration.ofSeconds(5), 0, 0)).isEqualTo(
                "[00:05] candidates 240 | rewards 180 0.0/s | critiques 178 | dead letters 3 | judge in-flight 32");
    }

    @Test
    void overwriteReturnsToLineStartAndBlanksLeftovers() {
        assertThat(ProgressFormat.overwrite("abc", 6)).isEqualTo("\rabc   ");
        assertThat(ProgressFormat.overwrite("abcdef", 3)).isEqualTo("\rabcdef");
    }

    @Test
    void summaryReportsAverageAndPeakThroughput() {
        ProgressSnapshot last = new ProgressSnapshot(Instant.EPOCH, 400, 400, 400, 8, 0);

        assertThat(ProgressFormat.summary(last, Duration.ofMillis(12_500), 51.04, 400)).isEqualTo(String.join("\n",
                "Arbiter demo summary",
                "  elapsed          12.5 s",
                "  candidates sent  400",
                "  rewards          400 of 400  (32.0/s average, 51.0/s peak)",
                "  critiques        400",
                "  dead letters     8"));
    }

    @Test
    void clockFoldsHoursIntoMinutes() {
        assertThat(ProgressFormat.clock(Duration.ofMinutes(75).plusSeconds(9))).isEqualTo("75:09");
    }

    @Test
    void theLineShowsConsistencyAndParseFailuresOnceThereIsSomethingToCount() {
        ProgressSnapshot withHealth = new ProgressSnapshot(Instant.EPOCH, 240, 180, 178, 3, 32,
                new ProgressSnapshot.Health(17, 20, 1, 200));
        assertThat(ProgressFormat.line(withHealth, Duration.ofSeconds(72), 38.46, 400))
                .endsWith(" | judge in-flight 32 | consistency 85% | parse failures 0.5%");
        ProgressSnapshot noPairs = new ProgressSnapshot(Instant.EPOCH, 240, 180, 178, 3, 32,
                new ProgressSnapshot.Health(0, 0, 0, 180));
        assertThat(ProgressFormat.line(noPairs, Duration.ofSeconds(72), 38.46, 400))
                .endsWith(" | judge in-flight 32 | parse failures 0.0%").doesNotContain("consistency");
    }
}
