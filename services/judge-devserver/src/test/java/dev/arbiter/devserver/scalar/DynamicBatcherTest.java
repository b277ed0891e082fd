package dev.arbiter.devserver.scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {

    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    private List<Integer> doubled(List<Integer> batch) {
        batchSizes.add(batch.size());
        return batch.stream().map(i -> 2 * i).toList();
    }

    @Test
    void requestsQueuedTogetherAreMergedIntoThePreferredBatchAndEachGetsItsOwnResults() throws Exception {
        try (DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>(
                new DynamicBatcher.Settings(16, List.of(8), Duration.ofMinutes(1)), this::doubled, "test-batcher")) {
            List<CompletableFuture<List<Integer>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) results.add(b.submit(List.of(10 * i, 10 * i + 1)));
            // 8 items reached the preferred size: formed at once, long before the one-minute delay.
            for (int i = 0; i < 4; i++) assertThat(results.get(i).get(10, TimeUnit.SECONDS)).containsExactly(20 * i, 20 * i + 2);
            assertThat(batchSizes).containsExactly(8);
            assertThat(b.stats().averageBatch()).isEqualTo(8.0);
        }
    }

    @Test
    void aLoneRequestRunsWhenItHasWaitedTheMaximumQueueDelay() throws Exception {
        try (DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>(
                new DynamicBatcher.Settings(16, List.of(8), Duration.ofMillis(50)), this::doubled, "test-batcher")) {
            long start = System.nanoTime();
            assertThat(b.submit(List.of(5)).get(10, TimeUnit.SECONDS)).containsExactly(10);
            assertThat(System.nanoTime() - start).as("it waited for company first").isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
            assertThat(b.stats().executions()).isEqualTo(1);
        }
    }

    @Test
    void aBatchNeverExceedsTheMaximumAndRequestsAreNeverSplit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>(
                new DynamicBatcher.Settings(5, List.of(4), Duration.ofMillis(20)), batch -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return doubled(batch);
                }, "test-batcher")) {
            List<CompletableFuture<List<Integer>>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) results.add(b.submit(List.of(i, i)));
            release.countDown();
            for (CompletableFuture<List<Integer>> r : results) assertThat(r.get(10, TimeUnit.SECONDS)).hasSize(2);
            assertThat(batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(5).isEven());
            assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
            assertThat(b.submit(List.of(1, 2, 3, 4, 5, 6))).failsWithin(Duration.ofSeconds(1))
                    .withThrowableOfType(ExecutionException.class).withMessageContaining("1..5 items");
        }
    }

    @Test
    void aFailedExecutionFailsEveryRequestOfItsBatchAndTheBatcherGoesOn() throws Exception {
        try (DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>(
                new DynamicBatcher.Settings(4, List.of(1), Duration.ZERO), batch -> {
                    if (batch.contains(-1)) throw new IllegalArgumentException("bad row");
                    return doubled(batch);
                }, "test-batcher")) {
            assertThatThrownBy(() -> b.submit(List.of(-1)).get(10, TimeUnit.SECONDS)).hasMessageContaining("bad row");
            assertThat(b.submit(List.of(3)).get(10, TimeUnit.SECONDS)).containsExactly(6);
        }
    }
}
