package dev.arbiter.app.eval;

import dev.arbiter.app.config.JudgeSettings;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.profile.JudgeProfiles;
import dev.arbiter.judge.scenario.ScenarioGroups;
import dev.arbiter.streams.engine.JudgeDispatcher;
import dev.arbiter.streams.engine.RetryPolicy;
import dev.arbiter.triton.client.TritonClientConfig;
import dev.arbiter.triton.judge.TritonJudgeConfig;
import dev.arbiter.triton.judge.TritonJudgeTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code eval (--pairs FILE | --ratings FILE) [--profile P ...] [--out DIR] [--resume]
 * [--target HOST:PORT] [--max-in-flight N]}: judges every labelled pair of the file in both orders
 * with each named profile, through Triton's gRPC protocol with the service's dispatcher and retry
 * rules, and writes {@code results.jsonl} (appended pair by pair, so {@code --resume} judges only
 * what is missing), {@code report.md} with its charts, and the summary table on stdout. With
 * {@code --ratings}, it grades each response once per profile and reports the correlation of the
 * judge's rating with the human one ({@code ratings.jsonl}, {@code report.md}; no resume). Calls
 * in flight, the deadline, the retry rules and the default profile are the configured judge's.
 * Without {@code --target} it asks {@code defaultJudge} for one: the production executable uses
 * {@code arbiter.judge.target}, the development kit that or its embedded judge. Exit 0 when every
 * pair was judged, 1 when a judge call failed for good on some, 2 on a usage error.
 */
public final class EvalCommand {

    /** A judge to evaluate against when no target is given, closed after the run. */
    public interface Judge extends AutoCloseable {
        String target();

        @Override
        void close();
    }

    /** A judge that is already running at {@code target}: nothing to close. */
    public static Judge existing(String target) {
        return new Judge() {
            @Override
            public String target() {
                return target;
            }

            @Override
            public void close() {}
        };
    }

    /** {@code pairs} or {@code ratings}: exactly one input file. */
    private record Options(Path pairs, Path ratings, List<String> profiles, Path out, boolean resume, Optional<String> target,
                           int maxInFlight) {}

    private final Supplier<Optional<Judge>> defaultJudge;
    private final JudgeSettings judge;
    private final Clock clock;

    /**
     * @param judge the configured judge settings: the default profile, calls in flight, deadline
     *              and retry rules, the same the service uses
     */
    public EvalCommand(Supplier<Optional<Judge>> defaultJudge, JudgeSettings judge, Clock clock) {
        this.defaultJudge = defaultJudge;
        this.judge = judge;
        this.clock = clock;
    }

    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Options o;
        try {
            o = parse(args, judge);
        } catch (IllegalArgumentException e) {
            err.println("eval: " + e.getMessage());
            err.println("usage: eval (--pairs FILE | --ratings FILE) [--profile P ...] [--out DIR] [--resume] [--target HOST:PORT]"
                    + " [--max-in-flight N]");
            return 2;
        }
        Map<String, JudgeProfile> profiles = new LinkedHashMap<>();
        for (String name : o.profiles()) {
            JudgeProfile p = JudgeProfiles.standard().load(name);
            if (o.pairs() != null ? p.pairwise().isEmpty() : p.grading(dev.arbiter.judge.ProtocolKind.SINGLE).isEmpty()) {
                err.println("eval: judge profile " + name + (o.pairs() != null ? " compares no pairs" : " has no single grading"));
                return 2;
            }
            profiles.put(name, p);
        }
        Optional<Judge> started = o.target().isPresent() ? Optional.empty() : defaultJudge.get();
        String target = o.target().or(() -> started.map(Judge::target)).orElse(null);
        if (target == null) {
            started.ifPresent(Judge::close);
            err.println("eval: --target HOST:PORT (Triton's gRPC address) is required");
            return 2;
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Judge ignored = started.orElse(null);
             TritonJudgeTransport transport = TritonJudgeTransport.connect(TritonClientConfig.plaintext(target)
                     .withMaxRequestsInFlight(o.maxInFlight()).withDefaultDeadline(judge.deadline()),
                     TritonJudgeConfig.defaults(), new SimpleMeterRegistry());
             JudgeDispatcher dispatcher = new JudgeDispatcher(transport, scheduler, o.maxInFlight())) {
            JudgeCalls calls = new JudgeCalls(dispatcher, new RetryPolicy(judge.maxAttempts(), judge.retryBackoff(),
                    judge.retryBackoffMax()), judge.deadline());
            return o.pairs() != null ? pairs(o, profiles, calls, out, err) : ratings(o, profiles, calls, out, err);
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Single-grading mode: every rated response graded by every profile, correlations reported. */
    private int ratings(Options o, Map<String, JudgeProfile> profiles, JudgeCalls calls, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        JsonLines.Contents<RatedResponse> contents = JsonLines.read(o.ratings(), RatedResponse::parse);
        contents.problems().forEach(p -> err.println("eval: skipped " + p));
        ResponseEvaluator evaluator = new ResponseEvaluator(calls);
        Map<String, List<RatingJudgement>> byProfile = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Files.createDirectories(o.out());
        List<String> lines = new ArrayList<>();
        for (JudgeProfile profile : profiles.values()) {
            EvalProgress progress = new EvalProgress(out, System.console() != null, clock, profile.name(), contents.items().size(), 0);
            List<CompletableFuture<RatingJudgement>> running = contents.items().stream()
                    .map(r -> evaluator.judge(r, profile).whenComplete((j, e) -> progress.pairDone())).toList();
            List<RatingJudgement> judged = new ArrayList<>();
            for (CompletableFuture<RatingJudgement> f : running) judged.add(await(f));
            progress.finish();
            for (RatingJudgement j : judged) lines.add(json.writeValueAsString(j));
            byProfile.put(profile.name(), judged);
        }
        Files.write(o.out().resolve("ratings.jsonl"), lines, StandardCharsets.UTF_8);
        RatingReport report = new RatingReport(byProfile, ScenarioGroups.autoJ());
        Files.writeString(o.out().resolve("report.md"), report.markdown(o.ratings().toString(), contents.problems()),
                StandardCharsets.UTF_8);
        out.println(report.table());
        out.println("wrote " + o.out().resolve("report.md") + " and " + o.out().resolve("ratings.jsonl"));
        return byProfile.values().stream().flatMap(List::stream).anyMatch(j -> j.status().equals("JUDGE_FAILED")) ? 1 : 0;
    }

    /** Pairwise mode: every labelled pair judged in both orders by every profile. */
    private int pairs(Options o, Map<String, JudgeProfile> profiles, JudgeCalls calls, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        JsonLines.Contents<LabelledPair> contents = JsonLines.read(o.pairs(), LabelledPair::parse);
        contents.problems().forEach(p -> err.println("eval: skipped " + p));
        Path results = o.out().resolve("results.jsonl");
        Map<String, List<PairJudgement>> byProfile = new LinkedHashMap<>();
        try (ResultsLog log = ResultsLog.open(results, o.resume())) {
            List<PairJudgement> earlier = o.resume() ? ResultsLog.read(results) : List.of();
            PairEvaluator evaluator = new PairEvaluator(calls);
            for (JudgeProfile profile : profiles.values()) {
                byProfile.put(profile.name(), judgeAll(contents.items(), profile, earlier, evaluator, log, out));
            }
        }
        boolean failures = byProfile.values().stream().flatMap(List::stream)
                .anyMatch(j -> j.forwardStatus().equals("JUDGE_FAILED") || j.swappedStatus().equals("JUDGE_FAILED"));
        EvalReport report = new EvalReport(byProfile, ScenarioGroups.autoJ());
        List<String> charts = EvalCharts.write(report, o.out());
        Files.writeString(o.out().resolve("report.md"), report.markdown(o.pairs().toString(), contents.problems(), charts),
                StandardCharsets.UTF_8);
        out.println(report.table());
        out.println("wrote " + o.out().resolve("report.md") + ", " + results + " and " + String.join(", ", charts));
        return failures ? 1 : 0;
    }

    private List<PairJudgement> judgeAll(List<LabelledPair> pairs, JudgeProfile profile, List<PairJudgement> earlier,
                                         PairEvaluator evaluator, ResultsLog log, PrintStream out) throws InterruptedException {
        Map<String, PairJudgement> done = earlier.stream().filter(j -> j.profile().equals(profile.name()))
                .collect(Collectors.toMap(PairJudgement::key, j -> j, (a, b) -> a, LinkedHashMap::new));
        Set<String> wanted = pairs.stream().map(LabelledPair::key).collect(Collectors.toSet());
        done.keySet().retainAll(wanted);
        List<LabelledPair> todo = pairs.stream().filter(p -> !done.containsKey(p.key())).toList();
        EvalProgress progress = new EvalProgress(out, System.console() != null, clock, profile.name(), pairs.size(), done.size());
        List<CompletableFuture<PairJudgement>> running = new ArrayList<>();
        for (LabelledPair pair : todo) {
            running.add(evaluator.judge(pair, profile).whenComplete((j, e) -> {
                if (j != null) log.append(j);
                progress.pairDone();
            }));
        }
        List<PairJudgement> all = new ArrayList<>(done.values());
        for (CompletableFuture<PairJudgement> f : running) all.add(await(f));
        progress.finish();
        all.sort(java.util.Comparator.comparingInt(PairJudgement::line));
        return all;
    }

    private static <T> T await(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get(30, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("an item could not be judged: " + e.getMessage(), e);
        }
    }

    private static Options parse(List<String> args, JudgeSettings judge) {
        Path pairs = null;
        Path ratings = null;
        List<String> profiles = new ArrayList<>();
        Path out = Path.of("eval-out");
        boolean resume = false;
        Optional<String> target = Optional.empty();
        int maxInFlight = judge.maxInFlight();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--pairs" -> pairs = Path.of(value(args, ++i, a));
                case "--ratings" -> ratings = Path.of(value(args, ++i, a));
                case "--profile" -> profiles.add(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--resume" -> resume = true;
                case "--target" -> target = Optional.of(value(args, ++i, a));
                case "--max-in-flight" -> maxInFlight = Integer.parseInt(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if ((pairs == null) == (ratings == null)) throw new IllegalArgumentException("give one of --pairs FILE and --ratings FILE");
        Path input = pairs != null ? pairs : ratings;
        if (!Files.isReadable(input)) throw new IllegalArgumentException("cannot read " + input);
        if (profiles.isEmpty()) profiles.add(judge.profile());
        if (maxInFlight < 1) throw new IllegalArgumentException("--max-in-flight must be at least 1");
        return new Options(pairs, ratings, List.copyOf(profiles), out, resume, target, maxInFlight);
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) throw new IllegalArgumentException(flag + " needs a value");
        return args.get(i);
    }
}
