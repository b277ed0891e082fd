package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    private final AtomicLong rewards = new AtomicLong();
    private final MutableClock clock = new MutableClock();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final ProgressSource source = new ProgressSource(() -> 8, rewards::get, rewards::get, () -> 1, () -> 2);

    @Test
    void onATerminalRedrawsOneLineAndEndsWithTheSummary() {
        ProgressReporter reporter = new ProgressReporter(source, out, true, 8, clock);
        reporter.tick();
        clock.advance(Duration.ofSeconds(2));
        rewards.set(8);
        reporter.stop();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r[00:00] candidates 8/8 | rewards 0/8 (0%) 0.0/s")
                .contains("\r[00:02] candidates 8/8 | rewards 8/8 (100%) 4.0/s | critiques 8 | dead letters 1 | judge in-flight 2")
                .contains("\nArbiter demo summary\n")
                .contains("rewards          8 of 8  (4.0/s average, 4.0/s peak)");
        String progress = text.substring(0, text.indexOf("\nArbiter demo summary"));
        assertThat(progress).as("updates redraw one line").doesNotContain("\n");
        assertThat(progress.split("\r\\[", -1)).hasSize(3);
    }

    @Test
    void withoutATerminalPrintsPlainLines() {
        ProgressReporter reporter = new ProgressReporter(source, out, false, 0, clock);
        reporter.tick();
        clock.advance(Duration.ofSeconds(5));
        rewards.set(10);
        reporter.tick();
        reporter.stop();
        reporter.stop();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        assertThat(text.lines().filter(l -> l.startsWith("["))).hasSize(3);
        assertThat(text.lines().filter(l -> l.equals("Arbiter demo summary"))).as("stop is idempotent").hasSize(1);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
