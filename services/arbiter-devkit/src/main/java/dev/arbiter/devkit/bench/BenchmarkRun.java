package dev.arbiter.devkit.bench;

import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.DemoSettings;
import dev.arbiter.devkit.demo.DemoLoad;
import dev.arbiter.devkit.demo.PromptCatalog;
import dev.arbiter.devkit.demo.SyntheticPolicy;
import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.devserver.JudgeDevServer;
import dev.arbiter.devserver.JudgeDevServerConfig;
import dev.arbiter.devserver.cost.CostModel;
import dev.arbiter.devserver.cost.SimulatorStats;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.profile.JudgeProfiles;
import dev.arbiter.judge.safety.RewardHackingDetector;
import dev.arbiter.judge.transport.GenerationRequest;
import dev.arbiter.kafka.embedded.EmbeddedKafkaBroker;
import dev.arbiter.kafka.embedded.EmbeddedKafkaConfig;
import dev.arbiter.kafka.admin.ServingPartitions;
import dev.arbiter.registry.rest.RegistryClientConfig;
import dev.arbiter.registry.SchemaRegistryClient;
import dev.arbiter.registry.dev.ApicurioRegistryProcess;
import dev.arbiter.registry.dev.ApicurioRunnerJar;
import dev.arbiter.registry.rest.ConfluentRestRegistryClient;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.streams.grading.ProfileJudgingPlan;
import dev.arbiter.streams.grading.RewardAssembler;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.judge.TritonJudgeConfig;
import dev.arbiter.triton.judge.TritonJudgeTransport;
import dev.arbiter.triton.repository.ModelRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code arbiter bench}: Arbiter against the judge's measured ceiling and a naive baseline, in one
 * invocation, on one machine. For each judge cost model ({@link JudgeCase}) it measures the
 * ceiling with a closed-loop gRPC load generator, runs the service (its own JVM) at rising
 * shares of that ceiling and keeps only each level's steady state, repeats the highest level
 * with prompt grouping off, and runs the synchronous {@link NaiveBaseline}; then it measures the
 * service's own CPU and heap with a judge that answers at once. Results print as they come and,
 * with {@code --write}, regenerate the results part of docs/benchmarks.md and its charts
 * ({@link BenchReport}). Not a test: it takes about thirteen minutes.
 */
public final class BenchmarkRun implements Callable<Integer> {

    /** What to run; the defaults are what docs/benchmarks.md records. */
    public record Options(List<JudgeCase> cases, List<Double> levels, long zeroCostCandidates, int interleavedGroups,
                          boolean quick, boolean write, Optional<Path> profileDir, Map<String, String> serviceOverrides) {

        public static Options fromArguments(List<String> arguments) {
            List<Double> levels = value(arguments, "--levels").map(v -> Arrays.stream(v.split(",")).map(Double::parseDouble).toList())
                    .orElse(List.of(0.25, 0.50, 0.75, 0.90, 1.00, 1.20));
            List<JudgeCase> all = List.of(JudgeCase.autoJ13bGptq(), JudgeCase.fastVerdict());
            List<JudgeCase> cases = value(arguments, "--cases")
                    .map(v -> all.stream().filter(c -> Arrays.asList(v.split(",")).contains(c.name())).toList()).orElse(all);
            return new Options(cases, levels, value(arguments, "--zero-cost-candidates").map(Long::parseLong).orElse(40_000L),
                    32, arguments.contains("--quick"), arguments.contains("--write"), value(arguments, "--profile").map(Path::of),
                    overrides(arguments));
        }

        /** Every {@code --service KEY=VALUE}: settings of the benchmarked service beyond the benchmark's own. */
        private static Map<String, String> overrides(List<String> arguments) {
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i + 1 < arguments.size(); i++) {
                if (!arguments.get(i).equals("--service")) continue;
                String kv = arguments.get(i + 1);
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("--service wants KEY=VALUE, not " + kv);
                out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return out;
        }

        private static Optional<String> value(List<String> arguments, String name) {
            int at = arguments.indexOf(name);
            return at >= 0 && at + 1 < arguments.size() ? Optional.of(arguments.get(at + 1)) : Optional.empty();
        }
    }

    private static final String SERVICE_HEAP = "512m";

    private final ArbiterConfig config;
    private final PrintStream out;
    private final Options options;
    private final LongSupplier wallMillis = System::currentTimeMillis;

    public BenchmarkRun(ArbiterConfig config, PrintStream out, Options options) {
        this.config = config;
        this.out = out;
        this.options = options;
    }

    @Override
    public Integer call() throws Exception {
        long began = wallMillis.getAsLong();
        String started = Instant.now().toString().substring(0, 16).replace('T', ' ');
        out.printf(Locale.ROOT, "bench: %d judge cost model(s), levels %s of each ceiling, %s%n", options.cases().size(),
                options.levels(), options.quick() ? "quick windows (not for the record)" : "full windows");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaConfig.defaults()
                     .withDefaultPartitions(config.kafka().topicPartitions())).start();
             ApicurioRegistryProcess registryProcess = new ApicurioRegistryProcess(ApicurioRunnerJar.fromProperties(System.getProperties()).path())) {
            registryProcess.start();
            SchemaRegistryClient registry = new ConfluentRestRegistryClient(RegistryClientConfig.of(registryProcess.ccompatUrl()));
            Environment env = new Environment(broker.bootstrapServers(), registryProcess.ccompatUrl(), registry);
            List<BenchResults.Case> cases = new ArrayList<>();
            boolean allOnce = true;
            for (JudgeCase c : options.cases()) {
                BenchResults.Case result = measureCase(env, c);
                cases.add(result);
                allOnce &= result.exactlyOnce();
            }
            BenchResults.Overhead overhead = measureOverhead(env);
            allOnce &= overhead.exactlyOnce();
            BenchResults.Run run = new BenchResults.Run(cases, overhead, config.kafka().commitInterval(), machine(), started,
                    (wallMillis.getAsLong() - began) / 1000.0);
            BenchReport report = new BenchReport(run);
            out.println();
            out.println(report.table());
            if (options.write()) report.write(Path.of("docs"), out);
            return allOnce ? 0 : 1;
        }
    }

    /** The broker and registry every phase shares. */
    private record Environment(String bootstrap, String registryUrl, SchemaRegistryClient registry) {}

    private BenchResults.Case measureCase(Environment env, JudgeCase c) throws Exception {
        out.printf(Locale.ROOT, "%n== judge %s: %s%n", c.name(), c.rationale());
        try (JudgeDevServer judge = new JudgeDevServer(new JudgeDevServerConfig(0, ModelRepository.bundled(), c.cost(),
                config.devServer().positionBias(), config.devServer().seed())).start();
             TritonJudgeTransport transport = TritonJudgeTransport.connect(TritonClientConfig.plaintext(judge.target())
                     .withMaxRequestsInFlight(8 * c.cost().maxConcurrentSequences()), TritonJudgeConfig.defaults(), new SimpleMeterRegistry())) {
            TimedSamples judgeTimes = new TimedSamples();
            judge.onServed((arrivedAt, dueAt, finishedAt) -> judgeTimes.add(wallMillis.getAsLong(), (finishedAt - arrivedAt) / 1e6));
            JudgeProfile profile = profile();
            ProfileJudgingPlan plan = new ProfileJudgingPlan(profile, config.judge().defaultProtocol(), config.judge().deadline());

            // The ceiling: closed loops at the slot count and at twice it; the better one is the ceiling.
            int slots = c.cost().maxConcurrentSequences();
            double estimate = c.cost().capacityPerSecond(150, 60);
            // One service time, roughly: how long a slot is held; the loops start spread over it.
            Duration service = Duration.ofMillis((long) (1000 * slots / estimate));
            Duration ceilingWarmup = Duration.ofMillis(Math.max(3_000, 3 * service.toMillis()));
            Duration ceilingWindow = scaled(Duration.ofMillis(Math.max(10_000, 4 * service.toMillis())));
            List<ClosedLoopCeiling.Result> tried = new ArrayList<>();
            SimulatorStats ceilingStart = judge.stats();
            for (int concurrency : List.of(slots, 2 * slots)) {
                int needed = (int) (estimate * (ceilingWarmup.plus(ceilingWindow).toMillis() / 1000.0) * 2) + 4 * concurrency;
                List<GenerationRequest> requests = ceilingRequests(env, plan, "ceiling-" + c.name() + "-" + concurrency, needed);
                ClosedLoopCeiling.Result r = new ClosedLoopCeiling(transport, wallMillis).measure(requests, concurrency,
                        service, ceilingWarmup, ceilingWindow);
                tried.add(r);
                out.printf(Locale.ROOT, "ceiling  concurrency %4d  %8.1f requests/s  latency p50 %6.0f ms  p99 %6.0f ms  (%d answers)%n",
                        concurrency, r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.answered());
            }
            SimulatorStats ceilingEnd = judge.stats();
            ClosedLoopCeiling.Result ceiling = tried.stream().max((a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond())).orElseThrow();
            double serviceMs = tried.get(0).p50Ms();
            Duration warmup = scaled(Duration.ofMillis(Math.max(5_000, (long) (2 * serviceMs))));
            Duration window = scaled(Duration.ofMillis(Math.max(15_000, (long) (3 * serviceMs))));
            double ceilingHitRatio = hitRatio(ceilingStart, ceilingEnd);
            double ceilingShapeCapacity = shapeCapacity(c.cost(), ceilingStart, ceilingEnd);
            out.printf(Locale.ROOT, "ceiling  %.1f requests/s at concurrency %d (prefix-cache hit ratio %.2f, capacity for its request "
                            + "shape %.1f/s); each level: %d s warm-up, %d s measured%n", ceiling.requestsPerSecond(), ceiling.concurrency(),
                    ceilingHitRatio, ceilingShapeCapacity, warmup.toSeconds(), window.toSeconds());

            Map<String, String> settings = serviceSettings(env, judge.target(), slots);
            LevelsRun grouped = runLevels(env, judge, judgeTimes, c.name() + "-levels", settings, true, options.levels(),
                    ceiling.requestsPerSecond(), warmup, window);
            Optional<BenchResults.Level> groupingOff = Optional.empty();
            if (c.cost().prefixCacheTokens() > 0 && c.cost().prefixCacheTokens() < 16_384) {
                double top = options.levels().get(options.levels().size() - 1);
                LevelsRun ungrouped = runLevels(env, judge, judgeTimes, c.name() + "-ungrouped", settings, false, List.of(top),
                        ceiling.requestsPerSecond(), warmup, window);
                groupingOff = Optional.of(ungrouped.levels().get(0));
            }
            double baselinePerSecond = runBaseline(env, transport, plan, c.name(), serviceMs, warmup, window);
            return new BenchResults.Case(c, tried, ceiling, ceilingHitRatio, ceilingShapeCapacity, warmup, window, grouped.levels(),
                    grouped.exactlyOnce(), groupingOff, baselinePerSecond);
        }
    }

    /** With {@code --profile DIR}, each service process keeps a flight recording there. */
    private List<String> jvmOptions(String name) {
        return options.profileDir().map(dir -> List.of("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr").toAbsolutePath()
                + ",settings=profile,dumponexit=true")).orElse(List.of());
    }

    private Duration scaled(Duration d) {
        return options.quick() ? d.dividedBy(3) : d;
    }

    private JudgeProfile profile() {
        JudgeProfile p = JudgeProfiles.standard().load(config.judge().profile());
        return config.judge().model().map(p::withModel).orElse(p);
    }

    /** Keys of a benchmarked service: the shared broker and registry, this judge, twice its slots in flight. */
    private Map<String, String> serviceSettings(Environment env, String judgeTarget, int slots) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("arbiter.mode", "external");
        s.put("arbiter.kafka.bootstrap-servers", env.bootstrap());
        s.put("arbiter.registry.url", env.registryUrl());
        s.put("arbiter.judge.target", judgeTarget);
        s.put("arbiter.judge.profile", config.judge().profile());
        s.put("arbiter.judge.max-in-flight", Integer.toString(2 * slots));
        s.put("arbiter.kafka.topic-partitions", Integer.toString(config.kafka().topicPartitions()));
        s.put("arbiter.kafka.commit-interval-ms", Long.toString(config.kafka().commitInterval().toMillis()));
        s.put("arbiter.http.enabled", "true");
        s.put("arbiter.http.port", "0");
        s.put("arbiter.demo.enabled", "false");
        // Judge-health probes are judge calls that produce no reward (5 % of groups by default, two
        // pairwise calls each): off here, so rewards/s ÷ ceiling measures the pipeline; docs/benchmarks.md
        // gives their cost. --service arbiter.judge-health.probe-rate=0.05 measures with them.
        s.put("arbiter.judge-health.probe-rate", "0");
        s.putAll(options.serviceOverrides());
        return s;
    }

    private record LevelsRun(List<BenchResults.Level> levels, boolean exactlyOnce) {}

    private LevelsRun runLevels(Environment env, JudgeDevServer judge, TimedSamples judgeTimes, String name, Map<String, String> base,
                                boolean grouping, List<Double> levels, double ceiling, Duration warmup, Duration window) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(base);
        settings.put("arbiter.pipeline.group-by-prompt", Boolean.toString(grouping));
        ArbiterUnderTest.Topics topics = ArbiterUnderTest.topicsFor(name);
        List<BenchResults.Level> results = new ArrayList<>();
        long written = 0;
        out.printf(Locale.ROOT, "%-10s %9s %10s %10s %9s %9s %9s %9s %9s %9s %6s %9s%n", grouping ? "grouped" : "ungrouped", "offered/s",
                "achieved/s", "÷ceiling", "e2e p50", "e2e p99", "judge p50", "judge p99", "added p50", "added p99", "hit", "÷shape");
        try (ArbiterUnderTest arbiter = ArbiterUnderTest.start(name, topics, settings, SERVICE_HEAP, jvmOptions(name),
                env.bootstrap(), env.registry(), wallMillis);
             KafkaProducer<String, byte[]> producer = DemoLoad.newProducer(env.bootstrap(), config.kafka().clientProperties())) {
            boolean first = true;
            for (double fraction : levels) {
                double rate = fraction * ceiling;
                // A service that has just started is still compiling its hot paths: the first level warms up longer.
                Duration levelWarmup = first ? warmup.plus(scaled(Duration.ofSeconds(15))) : warmup;
                first = false;
                long count = candidatesFor(rate, levelWarmup.plus(window));
                DemoLoad load = load(topics.candidates(), env.registry(), producer, name + "-" + fraction, count, rate);
                long t0 = wallMillis.getAsLong();
                Thread thread = new Thread(load, "bench-load");
                thread.start();
                long from = t0 + levelWarmup.toMillis();
                long to = from + window.toMillis();
                sleepUntil(from);
                SimulatorStats before = judge.stats();
                sleepUntil(to);
                SimulatorStats after = judge.stats();
                thread.join();
                written += count;
                double[] e2e = arbiter.visible().sortedValues(from, to);
                double[] served = judgeTimes.sortedValues(from, to);
                double[] added = arbiter.added().sortedValues(from, to);
                BenchResults.Level level = new BenchResults.Level(fraction, rate, e2e.length / (window.toMillis() / 1000.0),
                        TimedSamples.percentile(e2e, 0.5), TimedSamples.percentile(e2e, 0.99),
                        TimedSamples.percentile(served, 0.5), TimedSamples.percentile(served, 0.99),
                        TimedSamples.percentile(added, 0.5), TimedSamples.percentile(added, 0.99), hitRatio(before, after),
                        shapeCapacity(judge.config().cost(), before, after), e2e.length);
                results.add(level);
                out.printf(Locale.ROOT, "%9.0f %% %9.1f %10.1f %10.3f %9.0f %9.0f %9.0f %9.0f %9.0f %9.0f %6.2f %9.3f%n", 100 * fraction, rate,
                        level.achievedPerSecond(), level.achievedPerSecond() / ceiling, level.e2eP50Ms(), level.e2eP99Ms(),
                        level.judgeP50Ms(), level.judgeP99Ms(), level.addedP50Ms(), level.addedP99Ms(), level.hitRatio(),
                        level.achievedPerSecond() / level.shapeCapacity());
            }
            boolean once = awaitRewards(arbiter, written, ceiling);
            if (!once) out.println(name + ": " + arbiter.outputSummary(written));
            out.printf(Locale.ROOT, "%s: %d candidates, exactly one reward each: %s%n", name, written, once ? "yes" : "NO");
            return new LevelsRun(results, once);
        }
    }

    /** The naive app on a backlog large enough to keep it busy for the whole window; its sustained rewards/s. */
    private double runBaseline(Environment env, TritonJudgeTransport transport, ProfileJudgingPlan plan, String name,
                                    double serviceMs, Duration warmup, Duration window) throws Exception {
        ArbiterUnderTest.Topics topics = ArbiterUnderTest.topicsFor(name + "-naive");
        long count = candidatesFor(2 * 1000.0 / serviceMs, warmup.plus(window)) + 8;
        createServed(env, topics);
        try (KafkaProducer<String, byte[]> producer = DemoLoad.newProducer(env.bootstrap(), config.kafka().clientProperties())) {
            load(topics.candidates(), env.registry(), producer, name + "-naive", count, 1_000_000).run();
        }
        // By when each reward was judged, not when it became visible: one transaction can make
        // several visible at once, and the gaps between judgements are what measure the app.
        TimedSamples judged = new TimedSamples();
        Path state = Files.createTempDirectory("arbiter-bench-naive");
        try (OutputWatcher watcher = new OutputWatcher(env.bootstrap(), env.registry(), topics.rewards(), topics.critiques(),
                     topics.deadLetter(), 0).withRewardListener(r -> judged.add(r.getJudgedAt().toEpochMilli(), 0)).start();
             NaiveBaseline naive = new NaiveBaseline(env.bootstrap(), env.registry(), transport, plan,
                     new RewardAssembler(new RewardHackingDetector()), topics.candidates(), topics.rewards(), state).start()) {
            // Its clock starts at its first reward: joining the group and starting up are not throughput.
            long deadline = wallMillis.getAsLong() + 120_000;
            while (judged.size() == 0 && wallMillis.getAsLong() < deadline) Thread.sleep(50);
            // One judge latency of warm-up is enough here: the app does one thing at a time from its first reward on.
            long from = wallMillis.getAsLong() + Math.min(warmup.toMillis(), Math.max(5_000, (long) serviceMs));
            long to = from + Math.max(window.toMillis(), (long) (5 * serviceMs));
            // A reward judged by the window's end may become visible a commit later.
            sleepUntil(to + 2 * config.kafka().commitInterval().toMillis() + 1_000);
            int n = judged.count(from, to);
            // Few rewards fall in the window of a slow judge; the gaps between them say more than the count.
            double[] at = judged.sortedTimes(from, to);
            double perSecond = n >= 2 && at[n - 1] > at[0] ? (n - 1) / ((at[n - 1] - at[0]) / 1000.0) : n / (window.toMillis() / 1000.0);
            out.printf(Locale.ROOT, "naive mapValues baseline: %.2f rewards/s (%d rewards judged in %d s)%n", perSecond, n,
                    (to - from) / 1000);
            return perSecond;
        }
    }

    /** The service's own cost: a backlog written first, then judged by a judge that takes no time. */
    private BenchResults.Overhead measureOverhead(Environment env) throws Exception {
        out.printf(Locale.ROOT, "%n== zero-cost judge: Arbiter's own overhead (%d candidates written before it starts)%n",
                options.zeroCostCandidates());
        CostModel zero = JudgeCase.fastVerdict().cost().withTimeScale(0).withMaxConcurrentSequences(1_024);
        try (JudgeDevServer judge = new JudgeDevServer(new JudgeDevServerConfig(0, ModelRepository.bundled(), zero,
                config.devServer().positionBias(), config.devServer().seed())).start()) {
            ArbiterUnderTest.Topics topics = ArbiterUnderTest.topicsFor("zero-cost");
            long count = candidatesFor(options.zeroCostCandidates(), Duration.ofSeconds(1));
            createServed(env, topics);
            try (KafkaProducer<String, byte[]> producer = DemoLoad.newProducer(env.bootstrap(), config.kafka().clientProperties())) {
                load(topics.candidates(), env.registry(), producer, "zero-cost", count, 1_000_000).run();
            }
            Map<String, String> settings = serviceSettings(env, judge.target(), 128);
            try (ArbiterUnderTest arbiter = ArbiterUnderTest.start("zero-cost", topics, settings, SERVICE_HEAP, jvmOptions("zero-cost"), env.bootstrap(),
                    env.registry(), wallMillis)) {
                boolean once = awaitRewards(arbiter, count, 200);
                long first = arbiter.visible().firstAt();
                long last = arbiter.visible().lastAt();
                long from = first + 5_000;
                double seconds = (last - from) / 1000.0;
                int rewards = arbiter.visible().count(from, last + 1);
                double cpuSeconds = cpuAt(arbiter.cpuSeconds(), last) - cpuAt(arbiter.cpuSeconds(), from);
                double hostCpuSeconds = cpuAt(arbiter.hostCpuSeconds(), last) - cpuAt(arbiter.hostCpuSeconds(), from);
                ArbiterUnderTest.Heap heap = arbiter.heap();
                BenchResults.Overhead o = new BenchResults.Overhead(rewards / seconds, seconds,
                        1000 * cpuSeconds / Math.max(1, rewards), 1000 * hostCpuSeconds / Math.max(1, rewards),
                        heap.peakMiB(), heap.afterGcMiB(), SERVICE_HEAP, once);
                out.printf(Locale.ROOT, "zero-cost: broker, judge and watcher used %.3f ms CPU per candidate%n", o.hostCpuMsPerCandidate());
                out.printf(Locale.ROOT, "zero-cost: %.0f rewards/s over %.1f s, %.3f ms CPU per candidate, heap at most %.0f MiB before "
                                + "and %.0f MiB after a collection (%d collections, -Xmx%s), exactly one reward each: %s%n", o.perSecond(),
                        o.windowSeconds(), o.cpuMsPerCandidate(), o.peakHeapMiB(), o.afterGcMiB(), heap.collections(), SERVICE_HEAP,
                        once ? "yes" : "NO");
                if (!once) out.println("zero-cost: " + arbiter.outputSummary(count));
                return o;
            }
        }
    }

    /**
     * Creates a phase's topics before anything writes to them and waits until their leaders serve:
     * an idempotent producer writing to a partition that is still coming up can lose its first
     * batch (see {@link ServingPartitions}).
     */
    private void createServed(Environment env, ArbiterUnderTest.Topics topics) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap());
        p.putAll(config.kafka().clientProperties());
        List<String> names = List.of(topics.candidates(), topics.rewards(), topics.critiques(), topics.deadLetter());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.createTopics(names.stream().map(n -> new org.apache.kafka.clients.admin.NewTopic(n,
                    config.kafka().topicPartitions(), (short) 1)).toList()).all().get();
            ServingPartitions.await(admin, names, Duration.ofMinutes(1));
        }
    }

    /** Cumulative CPU seconds at the sample at or just after {@code atMillis} (else the last before it). */
    private static double cpuAt(TimedSamples cpu, long atMillis) {
        double[] after = cpu.sortedValues(atMillis, Long.MAX_VALUE);
        // Cumulative CPU grows with time, so sorting by value keeps time order.
        if (after.length > 0) return after[0];
        double[] before = cpu.sortedValues(0, atMillis);
        return before.length == 0 ? 0 : before[before.length - 1];
    }

    private boolean awaitRewards(ArbiterUnderTest arbiter, long expected, double ratePerSecond) throws InterruptedException {
        long deadline = wallMillis.getAsLong() + 120_000 + (long) (1000 * expected / Math.max(1, ratePerSecond));
        while (arbiter.watcher().rewardCount() < expected && wallMillis.getAsLong() < deadline) Thread.sleep(100);
        return arbiter.watcher().exactlyOnce(expected);
    }

    private long candidatesFor(double rate, Duration d) {
        int n = config.demo().candidatesPerPrompt();
        long count = Math.round(rate * d.toMillis() / 1000.0);
        return Math.max(n, (count + n - 1) / n * n);
    }

    private DemoLoad load(String topic, SchemaRegistryClient registry, KafkaProducer<String, byte[]> producer, String runId,
                          long count, double rate) {
        DemoSettings d = config.demo();
        DemoSettings settings = new DemoSettings(true, d.promptsResource(), d.candidatesPerPrompt(), count, rate, 0, 0, d.seed());
        return new DemoLoad(settings, topic, PromptCatalog.fromClasspath(d.promptsResource()), new SyntheticPolicy(d.seed()),
                new ConfluentAvroSerializer<CandidateGeneration>(registry, false), producer, runId + "-" + UUID.randomUUID().toString().substring(0, 6),
                Clock.systemUTC(), Optional.empty()).withShape(new DemoLoad.Shape(options.interleavedGroups(), true));
    }

    /** The candidates a load would write, rendered as Arbiter renders them, grouped by prompt; nothing is written. */
    private List<GenerationRequest> ceilingRequests(Environment env, ProfileJudgingPlan plan, String runId, int count) {
        int n = config.demo().candidatesPerPrompt();
        List<GenerationRequest> requests = new ArrayList<>(count);
        try (KafkaProducer<String, byte[]> unused = DemoLoad.newProducer(env.bootstrap(), config.kafka().clientProperties())) {
            DemoLoad preview = load("unused", env.registry(), unused, runId, count, 1);
            int i = 0;
            for (CandidateGeneration c : preview.preview((count + n - 1) / n)) requests.add(plan.prepare(c).request(runId + "-" + i++, 0));
        }
        return requests;
    }

    /** Slots ÷ mean service time of the requests served between the two snapshots. */
    private static double shapeCapacity(CostModel cost, SimulatorStats before, SimulatorStats after) {
        long served = after.served() - before.served();
        if (served == 0) return Double.NaN;
        return cost.capacityPerSecond((after.prefillTokens() - before.prefillTokens()) / (double) served,
                (after.outputTokens() - before.outputTokens()) / (double) served);
    }

    private static double hitRatio(SimulatorStats before, SimulatorStats after) {
        long cached = after.cachedTokens() - before.cachedTokens();
        long prefilled = after.prefillTokens() - before.prefillTokens();
        return cached + prefilled == 0 ? 0 : (double) cached / (cached + prefilled);
    }

    private void sleepUntil(long wall) throws InterruptedException {
        long wait = wall - wallMillis.getAsLong();
        if (wait > 0) Thread.sleep(wait);
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s", rt.availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
    }
}
