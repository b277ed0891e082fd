package dev.arbiter.streams.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrefixGroupingBatcherTest {

    @Test
    void drainGroupsItemsOfOnePromptTogetherInOrderOfFirstArrival() {
        var b = new PrefixGroupingBatcher<String>(100, Duration.ofMillis(5));
        b.add("p1", "p1-a", 0);
        b.add("p2", "p2-a", 1);
        b.add("p1", "p1-b", 2);
        b.add("p3", "p3-a", 3);
        b.add("p2", "p2-b", 4);
        assertThat(b.drain()).containsExactly("p1-a", "p1-b", "p2-a", "p2-b", "p3-a");
        assertThat(b.size()).isZero();
    }

    @Test
    void withGroupingOffDrainKeepsArrivalOrder() {
        var b = new PrefixGroupingBatcher<String>(100, Duration.ofMillis(5), false);
        b.add("p1", "p1-a", 0);
        b.add("p2", "p2-a", 1);
        b.add("p1", "p1-b", 2);
        assertThat(b.drain()).containsExactly("p1-a", "p2-a", "p1-b");
    }

    @Test
    void addReportsFullWhenMaxSizeIsReached() {
        var b = new PrefixGroupingBatcher<String>(2, Duration.ofSeconds(10));
        assertThat(b.add("p", "a", 0)).isFalse();
        assertThat(b.add("p", "b", 0)).isTrue();
        assertThat(b.due(0)).isTrue();
    }

    @Test
    void batchBecomesDueOnlyAfterLingerFromItsFirstItem() {
        var b = new PrefixGroupingBatcher<String>(100, Duration.ofNanos(1_000));
        assertThat(b.due(5_000)).as("empty batch is never due").isFalse();
        b.add("p", "a", 10_000);
        b.add("p", "b", 10_900);
        assertThat(b.due(10_999)).isFalse();
        assertThat(b.due(11_000)).isTrue();
        b.drain();
        b.add("q", "c", 20_000);
        assertThat(b.due(20_500)).as("linger restarts with the next batch").isFalse();
    }
}
