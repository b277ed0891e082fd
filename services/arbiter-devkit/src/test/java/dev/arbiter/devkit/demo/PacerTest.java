package dev.arbiter.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();
    private final Pacer pacer = new Pacer(100, () -> now, nanos -> {
        sleeps.add(nanos);
        now += nanos;
    });

    @Test
    void spacesEventsAtTheRateFromTheFirstOne() throws Exception {
        for (int i = 0; i < 4; i++) pacer.awaitNext();

        assertThat(sleeps).containsExactly(10_000_000L, 10_000_000L, 10_000_000L);
    }

    @Test
    void catchesUpAfterASlowSendInsteadOfLoweringTheRate() throws Exception {
        pacer.awaitNext();
        now += 35_000_000L; // the first send took 35 ms: events 2, 3 and 4 are already due
        pacer.awaitNext();
        pacer.awaitNext();
        pacer.awaitNext();
        pacer.awaitNext();

        assertThat(sleeps).containsExactly(5_000_000L);
    }
}
