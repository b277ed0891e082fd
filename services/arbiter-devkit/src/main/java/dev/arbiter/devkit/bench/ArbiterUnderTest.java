package dev.arbiter.devkit.bench;

import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.devkit.runtime.ServiceProcess;
import dev.arbiter.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * One Arbiter instance as the benchmark runs it: the real service in its own JVM (so its CPU
 * time and heap are its own, apart from the broker, registry and judge in the benchmark's JVM),
 * on topics of its own, with a read_committed watcher that logs when each reward became
 * visible and how long after its candidate was produced, a sampler that logs the process's
 * CPU time twice a second, and the collector's own log for its heap.
 */
final class ArbiterUnderTest implements AutoCloseable {

    /** Where one instance reads and writes. */
    record Topics(String candidates, String rewards, String critiques, String deadLetter) {}

    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

    private final ServiceProcess process;
    private final OutputWatcher watcher;
    private final TimedSamples visible = new TimedSamples();
    private final TimedSamples added = new TimedSamples();
    private final TimedSamples cpuSeconds = new TimedSamples();
    private final TimedSamples hostCpuSeconds = new TimedSamples();
    private final Thread sampler;
    private volatile boolean sampling = true;
    private final LongSupplier wallMillis;

    private final Path gcLog;

    private ArbiterUnderTest(ServiceProcess process, OutputWatcher watcher, LongSupplier wallMillis, Path gcLog) {
        this.process = process;
        this.gcLog = gcLog;
        this.watcher = watcher;
        this.wallMillis = wallMillis;
        this.sampler = new Thread(this::sample, "bench-process-sampler");
        this.sampler.setDaemon(true);
    }

    /** The topics an instance named {@code name} uses; unique per call, so phases never share a backlog. */
    static Topics topicsFor(String name) {
        String prefix = "bench-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
        return new Topics(prefix + ".candidates", prefix + ".rewards", prefix + ".critiques", prefix + ".dead-letter");
    }

    /**
     * Starts the service and waits until it is ready.
     *
     * @param settings the service's keys beyond the topics (broker, registry, judge, tuning)
     * @param heap     its {@code -Xmx}
     */
    static ArbiterUnderTest start(String name, Topics topics, Map<String, String> settings, String heap, List<String> jvmOptions,
                                  String bootstrap, SchemaRegistryClient registry, LongSupplier wallMillis)
            throws IOException, InterruptedException {
        Path state = Files.createTempDirectory("arbiter-bench-" + name);
        String prefix = topics.candidates().substring(0, topics.candidates().lastIndexOf('.'));
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put("arbiter.kafka.application-id", prefix);
        s.put("arbiter.kafka.state-dir", state.toString());
        s.put("arbiter.kafka.topics.candidates", topics.candidates());
        s.put("arbiter.kafka.topics.rewards", topics.rewards());
        s.put("arbiter.kafka.topics.critiques", topics.critiques());
        s.put("arbiter.kafka.topics.dead-letter", topics.deadLetter());
        for (String t : List.of("pairwise-requests", "pairwise-results", "judge-metrics", "best-of-n", "preference-pairs")) {
            s.put("arbiter.kafka.topics." + t, prefix + "." + t);
        }
        List<String> args = new ArrayList<>();
        s.forEach((k, v) -> args.add("-D" + k + "=" + v));
        Path gcLog = state.resolve("gc.log");
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.add("-Xlog:gc:file=" + gcLog);
        ServiceProcess process = ServiceProcess.start(args, heap, jvm);
        try {
            process.awaitReady(Duration.ofMinutes(2));
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
        OutputWatcher watcher = new OutputWatcher(bootstrap, registry, topics.rewards(), topics.critiques(), topics.deadLetter(), 0);
        ArbiterUnderTest instance = new ArbiterUnderTest(process, watcher, wallMillis, gcLog);
        watcher.withRewardListener(r -> {
            long now = wallMillis.getAsLong();
            long endToEnd = now - r.getCandidateProducedAt().toEpochMilli();
            instance.visible.add(now, endToEnd);
            instance.added.add(now, endToEnd - r.getJudgeLatencyMs());
        });
        watcher.start();
        instance.sampler.start();
        return instance;
    }

    private void sample() {
        while (sampling) {
            try {
                long now = wallMillis.getAsLong();
                // Only the operating system's counter: scraping /metrics this often would cost the very CPU measured.
                cpuSeconds.add(now, process.cpuTime().toNanos() / 1e9);
                ProcessHandle.current().info().totalCpuDuration().ifPresent(d -> hostCpuSeconds.add(now, d.toNanos() / 1e9));
                Thread.sleep(SAMPLE_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!process.alive()) return;
            }
        }
    }

    /** Per reward: when it became visible to a read_committed consumer, and milliseconds since its candidate was produced. */
    TimedSamples visible() {
        return visible;
    }

    /**
     * Per reward: when it became visible, and what Arbiter added to its latency — end to end minus
     * the judge call's own duration as the reward records it ({@code judge_latency_ms}).
     */
    TimedSamples added() {
        return added;
    }

    /** This (the benchmark's) JVM's cumulative CPU seconds: broker, judge, watcher and load. */
    TimedSamples hostCpuSeconds() {
        return hostCpuSeconds;
    }

    /** The process's cumulative CPU seconds, sampled. */
    TimedSamples cpuSeconds() {
        return cpuSeconds;
    }

    /**
     * The heap as the service's collector logged it: the most it held just before a collection
     * (its peak) and the most it kept after one (live data plus what survived young).
     */
    record Heap(double peakMiB, double afterGcMiB, int collections) {}

    Heap heap() throws IOException {
        java.util.regex.Pattern pause = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
        double peak = 0;
        double after = 0;
        int n = 0;
        for (String line : Files.readAllLines(gcLog)) {
            java.util.regex.Matcher m = pause.matcher(line);
            if (!m.find()) continue;
            peak = Math.max(peak, Double.parseDouble(m.group(1)));
            after = Math.max(after, Double.parseDouble(m.group(2)));
            n++;
        }
        return new Heap(peak, after, n);
    }

    OutputWatcher watcher() {
        return watcher;
    }

    /** What the watcher saw, for a run whose exactly-once check failed. */
    String outputSummary(long expected) {
        Map<String, Integer> perCandidate = watcher.rewardsPerCandidate();
        long doubled = perCandidate.values().stream().filter(n -> n > 1).count();
        Map<String, Long> reasons = new java.util.TreeMap<>();
        watcher.deadLetters().forEach(d -> reasons.merge(String.valueOf(d.getReason()), 1L, Long::sum));
        return String.format(java.util.Locale.ROOT, "%d candidates written, %d rewards read for %d distinct candidates (%d more than once), "
                + "dead letters %s", expected, watcher.rewardCount(), perCandidate.size(), doubled, reasons);
    }

    @Override
    public void close() throws InterruptedException {
        sampling = false;
        sampler.interrupt();
        watcher.close();
        process.close();
    }
}
