package dev.arbiter.devserver.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpuSimulatorTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void sharedPromptPrefixIsPrefilledOnlyOnce() {
        GpuSimulator gpu = new GpuSimulator(CostModel.instant(), scheduler);
        String prefix = "x".repeat(4000);
        gpu.run(new GpuSimulator.Work(prefix + "answer one", TokenEstimate.tokens(prefix + "answer one"), 10)).join();
        gpu.run(new GpuSimulator.Work(prefix + "answer two", TokenEstimate.tokens(prefix + "answer two"), 10)).join();
        SimulatorStats s = gpu.stats();
        assertThat(s.cachedTokens()).isGreaterThanOrEqualTo(960);
        assertThat(s.prefixHitRatio()).isGreaterThan(0.45);
        assertThat(s.served()).isEqualTo(2);
    }

    @Test
    void requestsBeyondTheSequenceCapQueueUntilASlotFrees() {
        CostModel model = new CostModel(1.0, 1e9, Duration.ofMillis(50), 2, 0);
        GpuSimulator gpu = new GpuSimulator(model, scheduler);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) all.add(gpu.run(new GpuSimulator.Work("p" + i, 1, 4)));
        SimulatorStats early = gpu.stats();
        assertThat(early.running()).isEqualTo(2);
        assertThat(early.queued()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().allMatch(CompletableFuture::isDone));
        assertThat(gpu.stats().served()).isEqualTo(5);
        assertThat(gpu.stats().inFlight()).isZero();
    }

    @Test
    void aQueuedRequestStartsWhenItsPredecessorWasDueNotWhenTheHostGotToIt() throws Exception {
        // A clock that never moves: every finish is handled "late", after its due time, as on a
        // busy host; the slot must still pass on at each due time, 1 ms apart.
        CostModel model = new CostModel(0.001, 1e9, Duration.ofMillis(1), 1, 0); // 1 ms per request
        GpuSimulator gpu = new GpuSimulator(model, scheduler, () -> 0L);
        List<Long> due = java.util.Collections.synchronizedList(new ArrayList<>());
        gpu.onServed((arrivedAt, dueAt, finishedAt) -> due.add(dueAt));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        // Submitted from the scheduler's only thread, so all four are queued before the first can finish.
        scheduler.submit(() -> {
            for (int i = 0; i < 4; i++) all.add(gpu.run(new GpuSimulator.Work("p" + i, 1, 1000)));
        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(due).containsExactly(1_000_000L, 2_000_000L, 3_000_000L, 4_000_000L);
    }

    @Test
    void capacityIsSlotsOverServiceTime() {
        CostModel model = new CostModel(1.0, 1000, Duration.ofMillis(10), 8, 0);
        // 500 prompt tokens = 0.5 s, 50 output tokens = 0.5 s → 1 s per request, 8 slots
        assertThat(model.capacityPerSecond(500, 50)).isEqualTo(8.0);
        assertThat(model.withTimeScale(0).capacityPerSecond(500, 50)).isInfinite();
    }
}
