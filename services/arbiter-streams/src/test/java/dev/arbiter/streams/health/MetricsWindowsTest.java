package dev.arbiter.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.arbiter.schema.JudgeMetricsWindow;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.schema.RewardStatus;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricsWindowsTest {

    private final MetricsWindows windows = new MetricsWindows(Duration.ofMinutes(1));
    private final JudgeRef judge = JudgeRef.newBuilder().setProfile("p").setModel("m").setTemplate("t").setTemplateVersion("2").build();
    private final Observation.Dimensions grading = new Observation.Dimensions(JudgementSource.GRADING, judge, "code");

    private Observation.Graded ok(double rating, double kiloChars) {
        return new Observation.Graded(grading, 1, RewardStatus.OK, false, false, OptionalDouble.of(rating), OptionalDouble.empty(),
                kiloChars);
    }

    @Test
    void aJudgementFallsInTheTumblingWindowThatHoldsItsTimestamp() {
        assertThat(windows.startOf(119_999)).isEqualTo(60_000);
        assertThat(windows.startOf(120_000)).isEqualTo(120_000);
        JudgeMetricsWindow w = windows.empty(120_000, grading, "0_1");
        assertThat(w.getWindowEnd().toEpochMilli()).isEqualTo(180_000);
        assertThat(w.getTask()).isEqualTo("0_1");
    }

    @Test
    void storeKeysStartWithTheWindowStartZeroPaddedToTwentyDigits() {
        assertThat(MetricsWindows.storeKey(9_000, grading)).startsWith("00000000000000009000\u001f");
        assertThat(MetricsWindows.storeKey(Long.MAX_VALUE, grading)).startsWith(String.format("%020d", Long.MAX_VALUE) + "\u001f");
    }

    @Test
    void storeKeysSortByWindowStartSoEndedWindowsComeFirst() {
        assertThat(MetricsWindows.storeKey(9_000, grading)).isLessThan(MetricsWindows.storeKey(10_000, grading));
    }

    @Test
    void addingCountsTheObservationIntoTheRecordItself() {
        JudgeMetricsWindow empty = windows.empty(0, grading, "0_0");
        JudgeMetricsWindow one = MetricsWindows.add(empty, ok(1.0, 0.5));
        assertThat(one).isSameAs(empty);
        assertThat(one.getVerdicts()).isEqualTo(1);
        assertThat(one.getRatingHistogram().get(MetricsWindows.RATING_BUCKETS - 1)).as("a perfect rating is in the top bucket")
                .isEqualTo(1L);
        assertThat(one.getRatingHistogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
    }

    @Test
    void closedRecordsCarryRatiosFromTheirCountsAndNullWhereNothingWasCounted() {
        JudgeMetricsWindow w = windows.empty(0, grading, "0_0");
        w = MetricsWindows.add(w, ok(0.2, 1.0));
        w = MetricsWindows.add(w, ok(0.4, 2.0));
        w = MetricsWindows.add(w, ok(0.6, 3.0));
        w = MetricsWindows.add(w, new Observation.Graded(grading, 3, RewardStatus.PARSE_FAILED, false, false,
                OptionalDouble.empty(), OptionalDouble.empty(), 1.0));
        JudgeMetricsWindow closed = MetricsWindows.closed(w);
        assertThat(closed.getParseFailureRate()).isEqualTo(0.25);
        assertThat(closed.getJudgeCalls()).isEqualTo(6);
        assertThat(closed.getRatingLengthCorrelation()).as("rating rises exactly with length").isCloseTo(1.0, within(1e-9));
        assertThat(closed.getPositionConsistency()).as("no pairs in a grading record").isNull();
        assertThat(closed.getFirstPositionRate()).isNull();
    }

    @Test
    void pairsCountConsistencyPositionsAndTheLengthWinner() {
        Observation.Dimensions probe = new Observation.Dimensions(JudgementSource.PROBE, judge, "unknown");
        JudgeMetricsWindow w = windows.empty(0, probe, "0_0");
        w = MetricsWindows.add(w, new Observation.Compared(probe, 2, true, true, 1, 1, 0, Observation.LengthWinner.LONGER));
        w = MetricsWindows.add(w, new Observation.Compared(probe, 2, true, false, 2, 0, 0, Observation.LengthWinner.TIE));
        w = MetricsWindows.add(w, new Observation.Compared(probe, 4, false, false, 0, 0, 1, Observation.LengthWinner.NOT_COUNTED));
        JudgeMetricsWindow closed = MetricsWindows.closed(w);
        assertThat(closed.getPairs()).isEqualTo(3);
        assertThat(closed.getPositionConsistency()).isEqualTo(0.5);
        assertThat(closed.getFirstPositionRate()).isEqualTo(3 / 5.0);
        assertThat(closed.getTieRate()).isEqualTo(1 / 5.0);
        assertThat(closed.getLongerWon()).isEqualTo(1);
        assertThat(closed.getLengthTie()).isEqualTo(1);
        assertThat(closed.getJudgeCalls()).isEqualTo(8);
        assertThat(closed.getVerdicts()).isZero();
    }
}
