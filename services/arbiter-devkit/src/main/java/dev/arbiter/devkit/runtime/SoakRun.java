package dev.arbiter.devkit.runtime;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.DemoSettings;
import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.StateAwaiter;
import dev.arbiter.devkit.demo.DemoLoad;
import dev.arbiter.devkit.demo.PromptCatalog;
import dev.arbiter.devkit.demo.SyntheticPolicy;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.Reward;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * {@code arbiter soak}: the embedded stack under a steady load for a set time, watched as it
 * runs. The demo's synthetic policy writes candidates at a fixed rate; every sample interval the
 * run prints the rewards per second that interval, the end-to-end latency of its rewards (p50 and
 * p99 of judged-at minus produced-at), this JVM's used heap (broker, service and judge share
 * it; no GC is forced, so it saws between collections) and the candidates pending. At the end it
 * checks exactly one reward per candidate and, with {@code --write}, writes
 * {@code docs/reliability/soak.md} and two charts. Not a test: it takes as long as it is told to.
 */
public final class SoakRun implements Callable<Integer> {

    /** One sample interval's figures. */
    record Sample(double atSeconds, double rewardsPerSecond, double p50Ms, double p99Ms, double heapMiB, long pending) {}

    private static final Duration SAMPLE = Duration.ofSeconds(10);

    private final ArbiterConfig config;
    private final PrintStream out;
    private final Duration length;
    private final double rate;
    private final boolean write;

    public SoakRun(ArbiterConfig config, PrintStream out, Duration length, double rate, boolean write) {
        this.config = config;
        this.out = out;
        this.length = length;
        this.rate = rate;
        this.write = write;
    }

    /** {@code --minutes N} (default 10), {@code --rate R} candidates per second (default 20), {@code --write}. */
    public static SoakRun fromArguments(ArbiterConfig config, PrintStream out, List<String> arguments) {
        return new SoakRun(config, out, Duration.ofSeconds(Math.round(60 * option(arguments, "--minutes", 10))),
                option(arguments, "--rate", 20), arguments.contains("--write"));
    }

    private static double option(List<String> arguments, String name, double fallback) {
        int at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? Double.parseDouble(arguments.get(at + 1)) : fallback;
    }

    @Override
    public Integer call() throws Exception {
        DemoSettings d = config.demo();
        long total = Math.round(rate * length.toSeconds()) / d.candidatesPerPrompt() * d.candidatesPerPrompt();
        DemoSettings paced = new DemoSettings(true, d.promptsResource(), d.candidatesPerPrompt(), total, rate, 0, 0, d.seed());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        var topics = config.kafka().topics();
        List<Sample> samples = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.start(config, out);
             ArbiterService service = ArbiterService.start(config, stack.endpoints(), meters);
             OutputWatcher watcher = new OutputWatcher(stack.endpoints().bootstrapServers(), service.registry(),
                     topics.rewards(), topics.critiques(), topics.deadLetter(), (int) Math.min(Integer.MAX_VALUE, total)).start();
             KafkaProducer<String, byte[]> producer = DemoLoad.newProducer(stack.endpoints().bootstrapServers(),
                     config.kafka().clientProperties())) {
            new StateAwaiter(service).awaitRunning();
            DemoLoad load = new DemoLoad(paced, topics.candidates(), PromptCatalog.fromClasspath(d.promptsResource()),
                    new SyntheticPolicy(d.seed()), new ConfluentAvroSerializer<CandidateGeneration>(service.registry(), false),
                    producer, "soak-" + UUID.randomUUID().toString().substring(0, 8), Clock.systemUTC(), Optional.empty());
            out.printf(Locale.ROOT, "soak: %d candidates at %.1f/s for %s, judge cost model %s%n", total, rate, length,
                    stack.judge().config().cost());
            out.printf(Locale.ROOT, "%8s %12s %10s %10s %10s %10s%n", "t (s)", "rewards/s", "p50 (ms)", "p99 (ms)", "heap MiB", "pending");
            Instant start = Instant.now();
            Thread loadThread = new Thread(load, "arbiter-soak-load");
            loadThread.start();
            int seen = 0;
            Duration limit = length.plus(Duration.ofMinutes(5));
            while (watcher.rewardCount() < total) {
                Thread.sleep(SAMPLE.toMillis());
                List<Reward> rewards = watcher.rewards();
                List<Reward> window = rewards.subList(seen, rewards.size());
                seen = rewards.size();
                double[] latencies = window.stream()
                        .mapToDouble(r -> Duration.between(r.getCandidateProducedAt(), r.getJudgedAt()).toMillis()).sorted().toArray();
                double at = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                Sample s = new Sample(at, window.size() / (double) SAMPLE.toSeconds(), percentile(latencies, 0.50),
                        percentile(latencies, 0.99), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0,
                        Math.round(meters.get("arbiter.pending.candidates").gauge().value()));
                samples.add(s);
                out.printf(Locale.ROOT, "%8.0f %12.1f %10.0f %10.0f %10.0f %10d%n", s.atSeconds(), s.rewardsPerSecond(), s.p50Ms(),
                        s.p99Ms(), s.heapMiB(), s.pending());
                if (Duration.between(start, Instant.now()).compareTo(limit) > 0) {
                    out.println("soak: gave up: the rewards did not all arrive within the run plus 5 minutes");
                    return 1;
                }
            }
            loadThread.join();
            boolean once = watcher.exactlyOnce(total);
            String summary = summary(samples, total, once);
            out.println(summary);
            if (write) write(samples, summary, stack.judge().config().cost().toString());
            return once ? 0 : 1;
        }
    }

    private String summary(List<Sample> samples, long total, boolean once) {
        // Steady state: the first and last samples include the ramp and the drain.
        List<Sample> steady = samples.size() > 4 ? samples.subList(1, samples.size() - 1) : samples;
        double throughput = steady.stream().mapToDouble(Sample::rewardsPerSecond).average().orElse(0);
        double p50 = steady.stream().mapToDouble(Sample::p50Ms).average().orElse(0);
        double worstP99 = steady.stream().mapToDouble(Sample::p99Ms).max().orElse(0);
        double heapFirst = steady.isEmpty() ? 0 : steady.get(0).heapMiB();
        double heapMax = steady.stream().mapToDouble(Sample::heapMiB).max().orElse(0);
        return String.format(Locale.ROOT, "soak: %d candidates at %.1f/s offered; steady state (%d samples of %d s): %.1f rewards/s, "
                        + "mean p50 %.0f ms, worst p99 %.0f ms, heap %.0f MiB at the start and %.0f MiB at most; exactly one reward each: %s",
                total, rate, steady.size(), SAMPLE.toSeconds(), throughput, p50, worstP99, heapFirst, heapMax, once ? "yes" : "NO");
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private void write(List<Sample> samples, String summary, String cost) throws IOException {
        Path dir = Path.of("docs", "reliability");
        Files.createDirectories(dir);
        double[] t = samples.stream().mapToDouble(Sample::atSeconds).toArray();
        chart(dir.resolve("soak-throughput-heap.png"), "Throughput and heap over time", t,
                List.of("rewards/s", "heap MiB"), List.of(values(samples, Sample::rewardsPerSecond), values(samples, Sample::heapMiB)));
        chart(dir.resolve("soak-latency.png"), "End-to-end latency over time (ms)", t,
                List.of("p50", "p99"), List.of(values(samples, Sample::p50Ms), values(samples, Sample::p99Ms)));
        StringBuilder md = new StringBuilder("# Soak run\n\nWritten by `./arbiter soak --write` on ")
                .append(Instant.now().toString(), 0, 16).append(" UTC, ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; judge cost model ").append(cost).append(".\n\n").append(summary).append("\n\n")
                .append("![throughput and heap](soak-throughput-heap.png)\n\n![latency](soak-latency.png)\n\n")
                .append("| t (s) | rewards/s | p50 (ms) | p99 (ms) | heap MiB | pending |\n|---|---|---|---|---|---|\n");
        for (Sample s : samples) {
            md.append(String.format(Locale.ROOT, "| %.0f | %.1f | %.0f | %.0f | %.0f | %d |%n", s.atSeconds(), s.rewardsPerSecond(),
                    s.p50Ms(), s.p99Ms(), s.heapMiB(), s.pending()));
        }
        Files.writeString(dir.resolve("soak.md"), md.toString(), StandardCharsets.UTF_8);
        out.println("soak: wrote " + dir.resolve("soak.md") + " and its charts");
    }

    private static double[] values(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).toArray();
    }

    private static void chart(Path file, String title, double[] x, List<String> names, List<double[]> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title).xAxisTitle("seconds since start").build();
        for (int i = 0; i < names.size(); i++) chart.addSeries(names.get(i), x, series.get(i));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
