package dev.arbiter.devserver.scalar;

import dev.arbiter.triton.batching.DynamicBatcher;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the reference-similarity model on this machine's CPU: items per second when scored in
 * fixed batches of 1, 8 and 32, and through the {@link DynamicBatcher} with concurrent
 * single-item requests (as many clients sending one candidate each), with the average merged
 * batch it achieved. A measurement, not a test: run it on an otherwise idle machine
 * ({@code ./arbiter bench-scalar}).
 */
public final class ScalarBatchingBench {

    private static final int ITEMS = 256;

    private ScalarBatchingBench() {}

    public static void run(PrintStream out) throws Exception {
        List<SimilarityRewardModel.Item> items = workload();
        {
            SimilarityRewardModel model = SimilarityRewardModel.load();
            model.score(items.subList(0, 32)); // warm-up: first runs allocate and pick kernels
            out.println("all-MiniLM-L6-v2 (quantised) on ONNX Runtime, CPU, " + Runtime.getRuntime().availableProcessors()
                    + " cores; " + ITEMS + " items of (response, reference), 128 tokens each side");
            out.println(String.format(Locale.ROOT, "%-44s %10s %14s", "mode", "items/s", "average batch"));
            for (int batch : List.of(1, 8, 32)) {
                long start = System.nanoTime();
                for (int i = 0; i < ITEMS; i += batch) model.score(items.subList(i, Math.min(ITEMS, i + batch)));
                double seconds = (System.nanoTime() - start) / 1e9;
                out.println(String.format(Locale.ROOT, "%-44s %10.1f %14d", "fixed batches of " + batch, ITEMS / seconds, batch));
            }
            DynamicBatcher.Settings settings = new DynamicBatcher.Settings(32, List.of(8, 16, 32), Duration.ofMillis(5), 1);
            int clients = 16;
            try (DynamicBatcher<SimilarityRewardModel.Item, Double> batcher = DynamicBatcher.synchronous(settings, model::score, "bench-batcher")) {
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                AtomicInteger next = new AtomicInteger();
                long start = System.nanoTime();
                List<CompletableFuture<Void>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    running.add(CompletableFuture.runAsync(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < ITEMS) batcher.submit(List.of(items.get(i))).join();
                    }, pool));
                }
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                out.println(String.format(Locale.ROOT, "%-44s %10.1f %14.1f", "dynamic batcher, " + clients
                        + " clients x 1 item (max 32, delay 5 ms)", ITEMS / seconds, batcher.stats().averageBatch()));
            }
        }
    }

    private static List<SimilarityRewardModel.Item> workload() {
        String[] topics = {"binary search", "photosynthesis", "compound interest", "plate tectonics", "hash tables", "vaccines"};
        List<SimilarityRewardModel.Item> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            String t = topics[i % topics.length];
            items.add(new SimilarityRewardModel.Item(
                    "Answer " + i + ": " + t + " works by a few simple steps that build on each other, with an example and a caveat.",
                    "The reference explanation of " + t + " covers its mechanism, a worked example and a common misconception."));
        }
        return items;
    }
}
