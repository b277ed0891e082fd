package dev.arbiter.devkit.runtime;

import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.ServiceRun;
import dev.arbiter.app.runtime.StateAwaiter;
import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.DemoSettings;
import dev.arbiter.devkit.demo.DemoLoad;
import dev.arbiter.devkit.demo.PromptCatalog;
import dev.arbiter.devkit.demo.SyntheticPolicy;
import dev.arbiter.devserver.cost.CostModel;
import dev.arbiter.devserver.cost.SimulatorStats;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code arbiter bench}: end-to-end throughput of the embedded stack against the development
 * judge's GPU cost model. The load is written as fast as the producer goes, then the run is
 * timed from the first candidate to the last reward under read_committed. The headline number is
 * a ratio measured in the same run: achieved rewards per second ÷ the judge's own capacity for
 * requests of the shape actually served (all sequence slots busy, prefix-cache savings included),
 * so the result does not depend on how fast this machine is. With {@code --write} the numbers
 * are appended to docs/benchmarks.md.
 */
public final class BenchRun implements Callable<Integer> {

    private final ArbiterConfig config;
    private final PrintStream out;
    private final boolean write;

    public BenchRun(ArbiterConfig config, PrintStream out, boolean write) {
        this.config = config;
        this.out = out;
        this.write = write;
    }

    @Override
    public Integer call() throws Exception {
        DemoSettings d = config.demo();
        long total = d.totalCandidates();
        DemoSettings unpaced = new DemoSettings(true, d.promptsResource(), d.candidatesPerPrompt(), total, 1_000_000, 0, 0, d.seed());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var topics = config.kafka().topics();
        try (EmbeddedStack stack = EmbeddedStack.start(config, out);
             ArbiterService service = ArbiterService.start(config, stack.endpoints(), meters);
             var http = ServiceRun.httpServerOnAnyFreePort(config.http(), meters, service, out);
             OutputWatcher watcher = new OutputWatcher(stack.endpoints().bootstrapServers(), service.registry(),
                     topics.rewards(), topics.critiques(), topics.deadLetter(), 0).start();
             KafkaProducer<String, byte[]> producer = DemoLoad.newProducer(stack.endpoints().bootstrapServers(),
                     config.kafka().clientProperties())) {
            new StateAwaiter(service).awaitRunning();
            DemoLoad load = new DemoLoad(unpaced, topics.candidates(), PromptCatalog.fromClasspath(d.promptsResource()),
                    new SyntheticPolicy(d.seed()), new ConfluentAvroSerializer<CandidateGeneration>(service.registry(), false),
                    producer, "bench-" + UUID.randomUUID().toString().substring(0, 8), Clock.systemUTC(), Optional.empty());
            out.printf("bench: %d candidates, judge cost model %s%n", total, stack.judge().config().cost());
            Instant start = Instant.now();
            Thread loadThread = new Thread(load, "arbiter-bench-load");
            loadThread.start();
            long maxHeap = 0;
            while (watcher.rewardCount() < total) {
                maxHeap = Math.max(maxHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                if (java.time.Duration.between(start, Instant.now()).toMinutes() >= 15) {
                    out.println("bench: gave up after 15 minutes");
                    return 1;
                }
                Thread.sleep(20);
            }
            double seconds = java.time.Duration.between(start, Instant.now()).toNanos() / 1e9;
            loadThread.join();
            SimulatorStats s = stack.judge().stats();
            CostModel cost = stack.judge().config().cost();
            double uncachedPerRequest = (double) s.prefillTokens() / s.served();
            double outputPerRequest = (double) s.outputTokens() / s.served();
            double capacity = cost.capacityPerSecond(uncachedPerRequest, outputPerRequest);
            double achieved = total / seconds;
            String report = String.format(
                    "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.0f / %.0f | %d | %d |",
                    Instant.now().toString().substring(0, 16), total, achieved, capacity, achieved / capacity,
                    s.prefixHitRatio(), uncachedPerRequest, outputPerRequest, cost.maxConcurrentSequences(),
                    maxHeap / (1024 * 1024));
            out.println();
            out.println("achieved rewards/s            " + String.format("%.1f", achieved));
            out.println("judge capacity (requests/s)   " + String.format("%.1f", capacity) + "  (slots / service time of the served request shape)");
            out.println("achieved / capacity           " + String.format("%.2f", achieved / capacity));
            out.println("prefix-cache hit ratio        " + String.format("%.2f", s.prefixHitRatio()));
            out.println("peak heap of this JVM (MiB)   " + maxHeap / (1024 * 1024) + "  (broker, streams app and judge together)");
            out.println(report);
            if (write) append(report);
            return watcher.rewardsPerCandidate().values().stream().allMatch(n -> n == 1) ? 0 : 1;
        } finally {
            meters.close();
        }
    }

    private void append(String row) throws IOException {
        Path file = Path.of("docs", "benchmarks.md");
        if (!Files.exists(file)) {
            out.println("bench: docs/benchmarks.md not found (run from the repository root); not written");
            return;
        }
        Files.writeString(file, row + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        out.println("bench: appended to " + file);
    }
}
