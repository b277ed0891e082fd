package dev.arbiter.triton.batching;

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
import static org.awaitility.Awaitility.await;

class DynamicBatcherTest {

    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    private List<Integer> doubled(List<Integer> batch) {
        batchSizes.add(batch.size());
        return batch.stream().map(i -> 2 * i).toList();
    }

    @Test
    void requestsQueuedTogetherAreMergedIntoThePreferredBatchAndEachGetsItsOwnResults() throws Exception {
        try (DynamicBatcher<Integer, Integer> b = DynamicBatcher.synchronous(
                new DynamicBatcher.Settings(16, List.of(8), Duration.ofMinutes(1), 1), this::doubled, "test-batcher")) {
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
        try (DynamicBatcher<Integer, Integer> b = DynamicBatcher.synchronous(
                new DynamicBatcher.Settings(16, List.of(8), Duration.ofMillis(50), 1), this::doubled, "test-batcher")) {
            long start = System.nanoTime();
            assertThat(b.submit(List.of(5)).get(10, TimeUnit.SECONDS)).containsExactly(10);
            assertThat(System.nanoTime() - start).as("it waited for company first").isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
            assertThat(b.stats().executions()).isEqualTo(1);
        }
    }

    @Test
    void aBatchNeverExceedsTheMaximumAndRequestsAreNeverSplit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (DynamicBatcher<Integer, Integer> b = DynamicBatcher.synchronous(
                new DynamicBatcher.Settings(5, List.of(4), Duration.ofMillis(20), 1), batch -> {
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
        try (DynamicBatcher<Integer, Integer> b = DynamicBatcher.synchronous(
                new DynamicBatcher.Settings(4, List.of(1), Duration.ZERO, 1), batch -> {
                    if (batch.contains(-1)) throw new IllegalArgumentException("bad row");
                    return doubled(batch);
                }, "test-batcher")) {
            assertThatThrownBy(() -> b.submit(List.of(-1)).get(10, TimeUnit.SECONDS)).hasMessageContaining("bad row");
            assertThat(b.submit(List.of(3)).get(10, TimeUnit.SECONDS)).containsExactly(6);
        }
    }

    @Test
    void whileEveryInstanceIsBusyTheQueueFillsAndTheNextBatchMergesTheWaitingRequests() throws Exception {
        List<CompletableFuture<List<Integer>>> executions = new CopyOnWriteArrayList<>();
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        try (DynamicBatcher<Integer, Integer> b = new DynamicBatcher<>(
                new DynamicBatcher.Settings(8, List.of(8), Duration.ZERO, 2), batch -> {
                    CompletableFuture<List<Integer>> running = new CompletableFuture<>();
                    batches.add(List.copyOf(batch));
                    executions.add(running);
                    return running.thenApply(ignored -> batch.stream().map(i -> 2 * i).toList());
                }, "test-batcher")) {
            CompletableFuture<List<Integer>> first = b.submit(List.of(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> executions.size() == 1);
            CompletableFuture<List<Integer>> second = b.submit(List.of(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> executions.size() == 2);
            // both instances busy: these three wait together
            List<CompletableFuture<List<Integer>>> queued = List.of(b.submit(List.of(3)), b.submit(List.of(4)), b.submit(List.of(5)));
            executions.get(0).complete(List.of());
            assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> executions.size() == 3);
            assertThat(batches.get(2)).containsExactly(3, 4, 5);
            executions.get(1).complete(List.of());
            executions.get(2).complete(List.of());
            assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(4);
            assertThat(queued.get(2).get(10, TimeUnit.SECONDS)).containsExactly(10);
            assertThat(b.stats()).isEqualTo(new DynamicBatcher.Stats(3, 5, 5, 1, 3));
        }
    }
}
