package dev.arbiter.devkit.runtime;

import dev.arbiter.app.runtime.Endpoints;
import dev.arbiter.app.runtime.ArbiterService;
import dev.arbiter.app.runtime.ServiceRun;
import dev.arbiter.app.runtime.StateAwaiter;
import dev.arbiter.app.config.ArbiterConfig;
import dev.arbiter.app.config.Mode;
import dev.arbiter.devkit.demo.DemoLoad;
import dev.arbiter.devkit.demo.JudgeHealthTable;
import io.micrometer.core.instrument.MeterRegistry;
import dev.arbiter.devkit.demo.ProgressReporter;
import dev.arbiter.devkit.demo.ProgressSource;
import dev.arbiter.devkit.demo.PromptCatalog;
import dev.arbiter.devkit.demo.SamplePrinter;
import dev.arbiter.devkit.demo.SyntheticPolicy;
import dev.arbiter.app.http.OperatorHttpServer;
import dev.arbiter.registry.serde.ConfluentAvroSerializer;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.schema.PairwiseResult;
import dev.arbiter.schema.Reward;
import dev.arbiter.schema.RewardStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code arbiter demo}: a bounded run that shows the whole product working. It starts the
 * service (on the embedded stack unless configured external), drives the synthetic policy load
 * over the bundled prompts (plus a few preference pairs when the judge profile offers pairwise
 * comparison), prints a live progress line, then a few best-of-N groups with their rewards and
 * critiques, a few pairwise results and a summary, and exits: 0 when every accepted candidate got
 * exactly one reward and one critique and every pair exactly one result, 1 otherwise.
 */
public final class DemoRun implements Callable<Integer> {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

    private final ArbiterConfig config;
    private final PrintStream out;

    public DemoRun(ArbiterConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!config.demo().bounded()) {
            out.println("arbiter demo: arbiter.demo.total-candidates must be > 0 for a bounded run");
            return 2;
        }
        Instant started = Instant.now();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<EmbeddedStack> stack = config.mode() == Mode.EMBEDDED
                ? Optional.of(EmbeddedStack.start(config, out)) : Optional.empty();
        Endpoints endpoints = stack.map(EmbeddedStack::endpoints).orElseGet(() -> Endpoints.fromConfig(config));
        var topics = config.kafka().topics();
        try (ArbiterService service = ArbiterService.start(config, endpoints, meters);
             OperatorHttpServer http = ServiceRun.httpServerOnAnyFreePort(config.http(), meters, service, out);
             OutputWatcher watcher = new OutputWatcher(endpoints.bootstrapServers(), service.registry(),
                     topics.rewards(), topics.critiques(), topics.deadLetter(),
                     service.pairwiseEnabled() ? Optional.of(topics.pairwiseResults()) : Optional.empty(), 5_000)
                     .withSelections(topics.bestOfN(), topics.preferencePairs()).start();
             KafkaProducer<String, byte[]> producer = DemoLoad.newProducer(endpoints.bootstrapServers(),
                     config.kafka().clientProperties())) {
            new StateAwaiter(service).awaitRunning();
            if (http != null) out.printf("operator endpoint: http://localhost:%d/metrics%n", http.port());
            Optional<DemoLoad.PairTarget> pairs = service.pairwiseEnabled() && config.demo().pairsEvery() > 0
                    ? Optional.of(new DemoLoad.PairTarget(topics.pairwiseRequests(),
                            new ConfluentAvroSerializer<PairwiseRequest>(service.registry(), false)))
                    : Optional.empty();
            out.printf("arbiter running; sending %d candidates (%d per prompt) at up to %.0f/s%s%n",
                    config.demo().totalCandidates(), config.demo().candidatesPerPrompt(), config.demo().ratePerSecond(),
                    pairs.isPresent() ? ", and a preference pair after every " + config.demo().pairsEvery() + " groups" : "");

            DemoLoad load = new DemoLoad(config.demo(), topics.candidates(),
                    PromptCatalog.fromClasspath(config.demo().promptsResource()),
                    new SyntheticPolicy(config.demo().seed()),
                    new ConfluentAvroSerializer<CandidateGeneration>(service.registry(), false),
                    producer, "demo-" + UUID.randomUUID().toString().substring(0, 8), Clock.systemUTC(), pairs);
            Thread loadThread = new Thread(load, "arbiter-demo-load");
            loadThread.start();
            long expected = config.demo().totalCandidates();
            ProgressReporter progress = new ProgressReporter(new ProgressSource(
                    () -> load.counts().candidates(), watcher::rewardCount, watcher::critiqueCount,
                    () -> watcher.deadLetterCount(), () -> service.judgeInFlight(), () -> JudgeHealthTable.totals(meters)),
                    out, System.console() != null, expected, Clock.systemUTC()).start();
            boolean complete;
            try {
                loadThread.join();
                load.failure().ifPresent(f -> out.println("\ndemo load failed: " + f));
                long accepted = load.counts().candidates();
                complete = awaitOutputs(watcher, accepted, load.counts().malformed(), load.counts().pairs(),
                        accepted / config.demo().candidatesPerPrompt());
            } finally {
                progress.stop();
            }
            return summarize(load, watcher, stack, started, complete, meters);
        } finally {
            stack.ifPresent(EmbeddedStack::close);
            meters.close();
        }
    }

    private static boolean awaitOutputs(OutputWatcher watcher, long accepted, long malformed, long pairs, long groups)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (watcher.rewardCount() >= accepted && watcher.critiqueCount() >= accepted
                    && watcher.deadLetterCount() >= malformed && watcher.pairwiseResultCount() >= pairs
                    && watcher.selectionsPerPrompt().size() >= groups) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private int summarize(DemoLoad load, OutputWatcher watcher, Optional<EmbeddedStack> stack, Instant started,
                          boolean complete, MeterRegistry meters) {
        SamplePrinter printer = new SamplePrinter(400);
        out.println();
        out.println("=== sample best-of-N groups (read from the best-of-N topic) ===");
        out.println(printer.samples(watcher.selections(), watcher.rewards(), watcher.critiques(), 3));
        out.println();
        long pairsSent = load.counts().pairs();
        List<PairwiseResult> pairResults = watcher.pairwiseResults();
        if (pairsSent > 0) {
            out.println("=== sample preference pairs (judged in both orders) ===");
            pairResults.stream().limit(4).forEach(p -> out.println(printer.pair(p)));
            out.println();
        }
        out.println("=== judge health (this run) ===");
        out.println(JudgeHealthTable.render(meters));
        out.println();
        out.println("=== summary ===");
        long accepted = load.counts().candidates();
        Map<String, Integer> perCandidate = watcher.rewardsPerCandidate();
        long doubled = perCandidate.values().stream().filter(n -> n > 1).count();
        Map<RewardStatus, Long> byStatus = watcher.rewards().stream()
                .collect(Collectors.groupingBy(Reward::getStatus, TreeMap::new, Collectors.counting()));
        Map<String, Long> dlqReasons = watcher.deadLetters().stream()
                .collect(Collectors.groupingBy(d -> d.getReason().name(), TreeMap::new, Collectors.counting()));
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        out.printf("candidates sent      %d (+%d deliberately malformed)%n", accepted, load.counts().malformed());
        out.printf("rewards / critiques  %d / %d (read_committed), candidates with more than one reward: %d%n",
                watcher.rewardCount(), watcher.critiqueCount(), doubled);
        out.printf("reward status        %s%n", byStatus);
        out.printf("dead letters         %d %s%n", watcher.deadLetterCount(), dlqReasons);
        long pairsDoubled = watcher.resultsPerPair().values().stream().filter(n -> n > 1).count();
        if (pairsSent > 0) {
            long measured = pairResults.stream().filter(PairwiseResult::getConsistencyMeasured).count();
            long consistent = pairResults.stream().filter(p -> p.getConsistencyMeasured() && p.getConsistent()).count();
            long goodWon = pairResults.stream().filter(DemoRun::goodAnswerWon).count();
            out.printf("pairwise results     %d of %d pairs (pairs with more than one result: %d), consistent in both orders: %d of %d,"
                    + " GOOD answer won: %d%n", watcher.pairwiseResultCount(), pairsSent, pairsDoubled, consistent, measured, goodWon);
        }
        long groups = accepted / config.demo().candidatesPerPrompt();
        long selectionsDoubled = watcher.selectionsPerPrompt().values().stream().filter(n -> n > 1).count();
        out.printf("best-of-N records    %d of %d groups (groups with more than one record: %d), preference pairs: %d%n",
                watcher.selectionsPerPrompt().size(), groups, selectionsDoubled, watcher.preferencePairCount());
        double mean = watcher.rewards().stream().map(Reward::getReward).filter(r -> r != null)
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        out.printf("mean reward          %.3f (normalised 0..1)%n", mean);
        out.printf("wall time            %.1f s (including start-up)%n", seconds);
        stack.ifPresent(s -> out.println("judge server         " + s.judgeSummary()));
        out.println("note: the embedded judge is a deterministic heuristic stand-in, not a quality judge (docs/judging.md)");
        boolean exact = complete && doubled == 0 && watcher.rewardCount() == accepted && watcher.critiqueCount() == accepted
                && pairsDoubled == 0 && watcher.pairwiseResultCount() == pairsSent
                && selectionsDoubled == 0 && watcher.selectionsPerPrompt().size() == groups;
        out.println(exact ? "RESULT: every accepted candidate got exactly one reward and one critique"
                        + (pairsSent > 0 ? ", every pair exactly one result" : "") + ", every group exactly one best-of-N record"
                : "RESULT: INCOMPLETE - expected " + accepted + " rewards and critiques, " + pairsSent + " pairwise results and "
                        + groups + " best-of-N records");
        return exact ? 0 : 1;
    }

    private static boolean goodAnswerWon(PairwiseResult p) {
        String winner = p.getWinner();
        if (winner == null || winner.equals("TIE")) return false;
        String key = winner.equals("A") ? DemoLoad.STYLE_A_METADATA : DemoLoad.STYLE_B_METADATA;
        return "GOOD".equals(p.getMetadata().get(key));
    }

}
